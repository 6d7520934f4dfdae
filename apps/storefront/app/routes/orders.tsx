import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Order } from '@mstore/sdk';
import { describe } from '../lib/api';
import { useAuth } from '../lib/auth';
import { dateTime, money } from '../lib/format';
import { useApi } from '../lib/use-api';
import { RequireSignIn, StatusBadge } from '../ui/status';

export const meta = () => [{ title: 'Your orders — MStore' }];

export default function Orders() {
  const auth = useAuth();
  const call = useApi();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const signedIn = Boolean(auth.user);

  useEffect(() => {
    if (!signedIn) return;
    call((api) => api.GET('/api/orders', { params: { query: { pageSize: 50 } } }))
      .then((a) => setOrders(a.data.items))
      .catch((e: unknown) => setError(describe(e)));
  }, [signedIn, call]);

  if (!auth.ready) return <p role="status">Loading…</p>;
  if (!auth.user) return <RequireSignIn what="your orders" />;
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">Your orders</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!orders && !error && <p role="status">Loading your orders…</p>}
      {orders && orders.length === 0 && <p>You have no orders yet.</p>}
      {orders && orders.length > 0 && (
        <table className="lines">
          <caption className="visually-hidden">Your orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/orders/${o.id}`}>Order {o.orderNumber ?? o.id}</Link>
                </td>
                <td>{dateTime(o.createdAt)}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>{money(o.total, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
