import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Order } from '@mstore/sdk';
import { describe } from '../lib/api';
import { useAuth } from '../lib/auth';
import { dateTime, money } from '../lib/format';
import { useNotifications } from '../lib/notifications';
import { useApi } from '../lib/use-api';
import { RequireSignIn, StatusBadge } from '../ui/status';

export const meta = () => [{ title: 'Your order — MStore' }];

export default function OrderPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const auth = useAuth();
  const call = useApi();
  const { items: notifications } = useNotifications();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const signedIn = Boolean(auth.user);

  const load = useCallback(
    () =>
      call((api) => api.GET('/api/orders/{id}', { params: { path: { id } } }))
        .then((a) => {
          setOrder(a.data);
          setError(null);
        })
        .catch((e: unknown) => setError(describe(e))),
    [call, id],
  );

  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn, load]);

  // a notification about this order (e.g. cancelled, shipped) refreshes it
  const latest = notifications.find((n) => n.subject === id);
  useEffect(() => {
    if (latest && signedIn) void load();
  }, [latest, signedIn, load]);

  const cancel = async () => {
    setCancelling(true);
    setMessage(null);
    try {
      const { data } = await call((api) =>
        api.POST('/api/orders/{id}/cancel', { params: { path: { id } } }),
      );
      setOrder(data);
      setMessage('Your order is cancelled. The items are back in stock.');
    } catch (e) {
      setMessage(describe(e));
    } finally {
      setCancelling(false);
    }
  };

  if (!auth.ready) return <p role="status">Loading…</p>;
  if (!auth.user) return <RequireSignIn what="this order" />;
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!order) return <p role="status">Loading your order…</p>;
  const related = notifications.filter((n) => n.subject === order.id);
  return (
    <section aria-labelledby="order-heading">
      {search.get('placed') && (
        <div className="banner success" role="status">
          Thank you! Your order was placed.
        </div>
      )}
      <h1 id="order-heading">Order {order.orderNumber ?? order.id}</h1>
      <p>
        Status: <StatusBadge status={order.status} /> · placed {dateTime(order.createdAt)}
      </p>
      <table className="lines">
        <caption className="visually-hidden">Order lines</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Price</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.sku}>
              <td>{l.name}</td>
              <td>{money(l.unitPrice, order.currency)}</td>
              <td>{l.quantity}</td>
              <td>{money(l.lineTotal, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="total">
        Total: <strong>{money(order.total, order.currency)}</strong>
      </p>
      {order.status === 'CONFIRMED' && (
        <button
          type="button"
          className="danger"
          onClick={() => void cancel()}
          disabled={cancelling}
        >
          Cancel order
        </button>
      )}
      {message && <p role="status">{message}</p>}
      <section aria-labelledby="updates-heading">
        <h2 id="updates-heading">Updates</h2>
        {related.length === 0 ? (
          <p className="muted">No updates yet.</p>
        ) : (
          <ul className="notifications" data-testid="order-updates">
            {related.map((n) => (
              <li key={n.id}>
                <strong>{n.title}</strong> — {n.body}{' '}
                <span className="muted">{dateTime(n.occurredAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <Link to="/orders">All your orders</Link>
      </p>
    </section>
  );
}
