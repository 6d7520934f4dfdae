import type { ReactNode } from 'react';
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
} from 'react-router';
import './app.css';
import { AuthProvider, useAuth } from './lib/auth';
import { CartProvider, useCart } from './lib/cart';
import { ConfigContext } from './lib/config';
import { publicConfig } from './lib/env.server';
import { NotificationProvider, useNotifications } from './lib/notifications';

export const loader = () => ({ config: publicConfig() });

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function AccountButtons() {
  const auth = useAuth();
  const location = useLocation();
  if (!auth.ready) return <span className="account-pending" aria-hidden="true" />;
  if (!auth.user)
    return (
      <button type="button" className="link-button" onClick={() => void auth.signIn(location.pathname + location.search)}>
        Sign in
      </button>
    );
  return (
    <>
      <span className="who">Hi, {auth.user.name}</span>
      <button type="button" className="link-button" onClick={auth.signOut}>
        Sign out
      </button>
    </>
  );
}

function Header() {
  const cart = useCart();
  const auth = useAuth();
  const { items } = useNotifications();
  const unread = items.filter((n) => !n.read).length;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        MStore
      </Link>
      <nav aria-label="Main">
        <NavLink to="/products">Products</NavLink>
        {auth.user && <NavLink to="/orders">Orders</NavLink>}
        {auth.user && <NavLink to="/notifications">Notifications{unread ? ` (${unread})` : ''}</NavLink>}
        {auth.user?.isAdmin && <NavLink to="/admin">Admin</NavLink>}
        <NavLink to="/cart" data-testid="cart-link">
          Cart ({cart.count})
        </NavLink>
      </nav>
      <div className="account">
        <AccountButtons />
      </div>
    </header>
  );
}

function Toast() {
  const { toast, dismiss } = useNotifications();
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && (
        <div className="toast">
          <strong>{toast.title}</strong>
          <p>{toast.body}</p>
          <button type="button" className="link-button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

function SessionNotice() {
  const auth = useAuth();
  if (!auth.notice) return null;
  return (
    <div className="banner warning" role="alert">
      {auth.notice}
    </div>
  );
}

export default function App() {
  const { config } = useLoaderData<typeof loader>();
  return (
    <ConfigContext.Provider value={config}>
      <AuthProvider>
        <CartProvider>
          <NotificationProvider>
            <a href="#main" className="skip">
              Skip to content
            </a>
            <Header />
            <SessionNotice />
            <main id="main">
              <Outlet />
            </main>
            <footer className="site-footer">
              <p>MStore — a demo shop. Prices in US dollars.</p>
            </footer>
            <Toast />
          </NotificationProvider>
        </CartProvider>
      </AuthProvider>
    </ConfigContext.Provider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = 'Something went wrong';
  let detail = 'Please try again in a moment.';
  if (isRouteErrorResponse(error)) {
    title = error.status === 404 ? 'Page not found' : `Error ${error.status}`;
    detail = typeof error.data === 'string' && error.data ? error.data : error.statusText || detail;
  }
  return (
    <main id="main" className="error-page">
      <title>{`${title} — MStore`}</title>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <a href="/">Back to the shop</a>
      </p>
    </main>
  );
}
