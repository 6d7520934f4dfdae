import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Order } from '@mstore/sdk';
import { ApiError, describe, isMissingRoute } from '../lib/api';
import { useAuth } from '../lib/auth';
import { useCart } from '../lib/cart';
import { money } from '../lib/format';
import { useApi } from '../lib/use-api';

export const meta = () => [{ title: 'Checkout — MStore' }];

const ATTEMPT = 'mstore.checkout';
/** Automatic retries of a 502/504/unreachable answer before the page gives up and says so. */
const MAX_ODD_RETRIES = 5;

/** One Idempotency-Key per checkout attempt, kept across retries and reloads while the cart is unchanged. */
function attemptKey(fingerprint: string): string {
  try {
    const held = JSON.parse(sessionStorage.getItem(ATTEMPT) ?? 'null') as {
      key: string;
      fingerprint: string;
    } | null;
    if (held?.fingerprint === fingerprint) return held.key;
  } catch {
    // a broken entry is replaced
  }
  const key = crypto.randomUUID();
  sessionStorage.setItem(ATTEMPT, JSON.stringify({ key, fingerprint }));
  return key;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'placing' }
  | { kind: 'waiting'; message: string; until: number }
  | { kind: 'error'; message: string };

export default function Checkout() {
  const cart = useCart();
  const auth = useAuth();
  const call = useApi();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef(false);
  const retries = useRef(0);
  const fingerprint = JSON.stringify(cart.lines.map((l) => [l.sku, l.quantity]));

  useEffect(() => {
    if (auth.ready && !auth.user && !auth.notice) void auth.signIn('/checkout');
  }, [auth]);

  const place = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setStatus({ kind: 'placing' });
    const key = attemptKey(fingerprint);
    const header = { 'Idempotency-Key': key };
    try {
      let order: Order;
      try {
        order = (await call((api) => api.POST('/api/cart/checkout', { params: { header } }))).data;
      } catch (error) {
        if (cart.mode === 'server' || !isMissingRoute(error)) throw error;
        // a gateway without the cart API: the browser's cart is ordered directly
        const lines = cart.lines.map(({ sku, quantity }) => ({ sku, quantity }));
        order = (
          await call((api) => api.POST('/api/orders', { params: { header }, body: { lines } }))
        ).data;
      }
      sessionStorage.removeItem(ATTEMPT);
      retries.current = 0;
      await cart.placed();
      void navigate(`/orders/${order.id}?placed=1`);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setStatus({ kind: 'error', message: describe(error) });
      } else if (
        error.status === 503 ||
        error.status === 429 ||
        (error.status === 409 &&
          !error.problem.shortages?.length &&
          /in progress/i.test(error.problem.title ?? '')) ||
        // a dependency answering something odd while it comes back: the same key makes a retry safe
        ((error.status === 502 || error.status === 504 || error.status === 0) &&
          (retries.current += 1) <= MAX_ODD_RETRIES)
      ) {
        const seconds = Math.max(1, error.retryAfter ?? 3);
        const message = error.status === 429 ? 'Too many requests' : 'Checkout is busy';
        setStatus({ kind: 'waiting', message, until: Date.now() + seconds * 1000 });
      } else if (error.status === 409) {
        const skus = error.problem.shortages?.map((s) => s.sku) ?? [];
        const names = skus.map((sku) => cart.lines.find((l) => l.sku === sku)?.name ?? sku);
        const message = names.length
          ? `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} sold out. Change the quantity or remove ${names.length === 1 ? 'it' : 'them'} from your cart.`
          : `${describe(error)} Some items are sold out.`;
        setStatus({ kind: 'error', message });
        void cart.reload();
      } else if (error.status === 401) {
        setStatus({
          kind: 'error',
          message:
            'Your session has expired. Sign in again to place your order — your cart is kept.',
        });
      } else {
        setStatus({ kind: 'error', message: describe(error) });
      }
    } finally {
      inFlight.current = false;
    }
  }, [call, cart, fingerprint, navigate]);

  // busy or rate limited: count down, then retry by itself with the same Idempotency-Key
  useEffect(() => {
    if (status.kind !== 'waiting') return;
    const tick = setInterval(() => setNow(Date.now()), 250);
    const retry = setTimeout(() => void place(), Math.max(0, status.until - Date.now()));
    return () => {
      clearInterval(tick);
      clearTimeout(retry);
    };
  }, [status, place]);

  if (!cart.ready) return <p role="status">Loading your cart…</p>;
  if (cart.lines.length === 0)
    return (
      <section>
        <h1>Checkout</h1>
        <p>
          Your cart is empty. <Link to="/products">Browse products</Link>
        </p>
      </section>
    );
  const busy = status.kind === 'placing' || status.kind === 'waiting';
  return (
    <section aria-labelledby="checkout-heading">
      <h1 id="checkout-heading">Checkout</h1>
      <table className="lines">
        <caption className="visually-hidden">Your order</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((l) => (
            <tr key={l.sku}>
              <td>{l.name ?? l.sku}</td>
              <td>{l.quantity}</td>
              <td>
                {l.unitPrice !== undefined ? money(l.unitPrice * l.quantity, l.currency) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="total">
        Total: <strong>{money(cart.total, cart.currency)}</strong>
      </p>
      <p className="muted">Prices are confirmed by the store when you place the order.</p>
      <div role="status" aria-live="polite" className="checkout-status">
        {status.kind === 'placing' && 'Placing your order…'}
        {status.kind === 'waiting' &&
          `${status.message}, retrying in ${Math.max(0, Math.ceil((status.until - now) / 1000))} s`}
      </div>
      {status.kind === 'error' && (
        <p role="alert" className="error">
          {status.message}
        </p>
      )}
      {!auth.user && auth.ready ? (
        <p>Sign in (at the top of the page) to place your order; your cart is kept.</p>
      ) : (
        <button type="button" onClick={() => void place()} disabled={busy}>
          Place order
        </button>
      )}
      <p>
        <Link to="/cart">Back to the cart</Link>
      </p>
    </section>
  );
}
