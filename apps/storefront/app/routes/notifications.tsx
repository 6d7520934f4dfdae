import { useAuth } from '../lib/auth';
import { dateTime } from '../lib/format';
import { useNotifications } from '../lib/notifications';
import { RequireSignIn } from '../ui/status';

export const meta = () => [{ title: 'Notifications — MStore' }];

export default function Notifications() {
  const auth = useAuth();
  const { items, connected } = useNotifications();
  if (!auth.ready) return <p role="status">Loading…</p>;
  if (!auth.user) return <RequireSignIn what="your notifications" />;
  return (
    <section aria-labelledby="notifications-heading">
      <h1 id="notifications-heading">Notifications</h1>
      <p className="muted">{connected ? 'Live: new notifications appear here as they happen.' : 'Connecting to live updates…'}</p>
      {items.length === 0 ? (
        <p>No notifications yet.</p>
      ) : (
        <ul className="notifications">
          {items.map((n) => (
            <li key={n.id}>
              <strong>{n.title}</strong> — {n.body} <span className="muted">{dateTime(n.occurredAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
