import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../lib/auth';
import { dateTime } from '../lib/format';
import { isStockAlert, useNotifications } from '../lib/notifications';
import { RequireSignIn } from '../ui/status';

export const meta = () => [{ title: 'Admin — MStore' }];

function StockAlerts() {
  const alerts = useNotifications().items.filter(isStockAlert).slice(0, 5);
  return (
    <aside aria-labelledby="alerts-heading" className="alerts">
      <h2 id="alerts-heading">Stock alerts</h2>
      {alerts.length === 0 ? (
        <p className="muted">No stock alerts. New ones appear here live.</p>
      ) : (
        <ul data-testid="stock-alerts">
          {alerts.map((n) => (
            <li key={n.id}>
              <strong>{n.title}</strong> — {n.body} <span className="muted">{dateTime(n.occurredAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

/** The admin console: only for the admin role; anyone else is told so plainly. */
export default function Admin() {
  const auth = useAuth();
  if (!auth.ready) return <p role="status">Loading…</p>;
  if (!auth.user) return <RequireSignIn what="the admin console" />;
  if (!auth.user.isAdmin)
    return (
      <section aria-labelledby="denied-heading" className="denied">
        <h1 id="denied-heading">Access denied</h1>
        <p role="alert">
          The admin console is for administrators only. You are signed in as {auth.user.username}, who does not have the admin
          role.
        </p>
      </section>
    );
  return (
    <div className="admin">
      <nav aria-label="Admin">
        <NavLink to="/admin" end>
          Overview
        </NavLink>
        <NavLink to="/admin/products">Products</NavLink>
        <NavLink to="/admin/stock">Stock</NavLink>
        <NavLink to="/admin/orders">Orders</NavLink>
      </nav>
      <div className="admin-body">
        <Outlet />
        <StockAlerts />
      </div>
    </div>
  );
}
