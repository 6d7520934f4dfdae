import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Order, OrderStatus, OrderStatusChange } from '@mstore/sdk';
import { describe } from '../lib/api';
import { dateTime, money } from '../lib/format';
import { useApi } from '../lib/use-api';
import { StatusBadge } from '../ui/status';

export const meta = () => [{ title: 'Orders — Admin — MStore' }];

const STATUSES: OrderStatus[] = ['CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];
/** The allowed transitions (DESIGN §4); only these are offered. */
const NEXT: Partial<Record<OrderStatus, { to: OrderStatusChange; label: string }[]>> = {
  CONFIRMED: [
    { to: 'SHIPPED', label: 'Mark shipped' },
    { to: 'CANCELLED', label: 'Cancel order' },
  ],
  SHIPPED: [{ to: 'DELIVERED', label: 'Mark delivered' }],
};

export default function AdminOrders() {
  const call = useApi();
  const [search, setSearch] = useSearchParams();
  const status = search.get('status') ?? '';
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    // the URL's status as is: the API answers one it does not know with a 400, shown in words
    const query = { pageSize: 50, status: (status || undefined) as OrderStatus | undefined };
    return call((api) => api.GET('/api/orders', { params: { query } }))
      .then((a) => setOrders(a.data.items))
      .catch((e: unknown) => setMessage(describe(e)));
  }, [call, status]);
  useEffect(() => void load(), [load]);

  const move = async (order: Order, to: OrderStatusChange) => {
    try {
      const path = { id: order.id };
      if (to === 'CANCELLED')
        await call((api) => api.POST('/api/orders/{id}/cancel', { params: { path } }));
      else
        await call((api) =>
          api.PATCH('/api/orders/{id}/status', { params: { path }, body: { status: to } }),
        );
      setMessage(`Order ${order.orderNumber ?? order.id} is now ${to.toLowerCase()}.`);
      await load();
    } catch (e) {
      setMessage(describe(e));
    }
  };

  return (
    <section aria-labelledby="admin-orders-heading">
      <h1 id="admin-orders-heading">Orders</h1>
      <div className="field inline">
        <label htmlFor="status-filter">Status</label>
        <select
          id="status-filter"
          value={status}
          onChange={(e) => setSearch(e.target.value ? { status: e.target.value } : {})}
        >
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <p role="status">{message}</p>
      {!orders ? (
        <p>Loading orders…</p>
      ) : (
        <table className="lines">
          <caption>{orders.length} orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Customer</th>
              <th scope="col">Placed</th>
              <th scope="col">Items</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id}>
                <td>{o.orderNumber ?? o.id}</td>
                <td>{o.customerId}</td>
                <td>{dateTime(o.createdAt)}</td>
                <td>{o.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}</td>
                <td>{money(o.total, o.currency)}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>
                  {(NEXT[o.status] ?? []).map((t) => (
                    <button
                      key={t.to}
                      type="button"
                      className="secondary"
                      onClick={() => void move(o, t.to)}
                    >
                      {t.label} <span className="visually-hidden">{o.orderNumber ?? o.id}</span>
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
