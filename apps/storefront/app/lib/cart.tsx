import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Cart, Product } from '@mstore/sdk';
import { isMissingRoute, type Call } from './api';
import { useAuth } from './auth';
import { useApi } from './use-api';

const GUEST = 'mstore.cart';
const IDS = 'mstore.productIds';

/** The server cart names skus; the product page link needs the id, remembered when a line is added. */
function productIds(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(IDS) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}
const rememberId = (sku: string, id: string) =>
  localStorage.setItem(IDS, JSON.stringify({ ...productIds(), [sku]: id }));

export interface CartLine {
  sku: string;
  quantity: number;
  name?: string;
  unitPrice?: number;
  currency?: string;
  productId?: string;
  /** Stock hint from the server cart. */
  available?: number;
  inStock?: boolean;
  priceChanged?: boolean;
}

/**
 * Sends the guest cart to POST /api/cart/merge once: the lines move to a "merging" entry first, so a
 * page left mid-request neither merges them twice (quantities add up) nor loses them. The sign-in
 * callback runs it before leaving its page; the provider runs it for whatever is left. Returns an
 * error message, or null.
 */
export async function mergeGuestCart(call: Call): Promise<string | null> {
  let pending = readLines(MERGING);
  if (pending.length) {
    // a merge was interrupted: if the server cart holds the lines, it went through
    const held = await call((api) => api.GET('/api/cart'))
      .then((a) => fromServer(a.data))
      .catch(() => null);
    if (
      held &&
      pending.every((p) => (held.find((l) => l.sku === p.sku)?.quantity ?? 0) >= p.quantity)
    ) {
      localStorage.removeItem(MERGING);
      pending = [];
    }
  }
  const lines = [...pending, ...readGuest()];
  if (!lines.length) return null;
  localStorage.setItem(MERGING, JSON.stringify(lines));
  writeGuest([]);
  try {
    await call((api) =>
      api.POST('/api/cart/merge', {
        body: { lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) },
      }),
    );
    localStorage.removeItem(MERGING);
    return null;
  } catch (e) {
    // not merged: the lines go back to the browser's cart (which stays the cart without a cart API)
    localStorage.removeItem(MERGING);
    writeGuest([...lines, ...readGuest()]);
    return isMissingRoute(e)
      ? null
      : 'Your cart could not be merged yet; it is kept in this browser.';
  }
}

/** guest: in this browser; server: the signed-in user's cart; local: signed in, but the gateway has no cart API. */
export type CartMode = 'guest' | 'server' | 'local';

interface CartState {
  ready: boolean;
  mode: CartMode;
  lines: CartLine[];
  count: number;
  total: number;
  currency: string;
  error: string | null;
  add(product: Product, quantity?: number): Promise<void>;
  setQuantity(sku: string, quantity: number): Promise<void>;
  /** After an order: the server empties its cart with the order write; the local one is emptied here. */
  placed(): Promise<void>;
  reload(): Promise<void>;
}

const CartContext = createContext<CartState | null>(null);

export function useCart(): CartState {
  const cart = useContext(CartContext);
  if (!cart) throw new Error('useCart outside CartProvider');
  return cart;
}

const MERGING = 'mstore.cart.merging';
const readGuest = (): CartLine[] => readLines(GUEST);

function readLines(key: string): CartLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(key) ?? '[]') as CartLine[];
    return Array.isArray(lines)
      ? lines.filter((l) => l && typeof l.sku === 'string' && l.quantity > 0)
      : [];
  } catch {
    return [];
  }
}

const writeGuest = (lines: CartLine[]) =>
  lines.length
    ? localStorage.setItem(GUEST, JSON.stringify(lines))
    : localStorage.removeItem(GUEST);

/** The server cart (the SDK's CartDto) as the page's lines; the product id is remembered in this browser. */
export const fromServer = (cart: Cart, ids = productIds()): CartLine[] =>
  cart.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    name: l.name,
    unitPrice: l.unitPrice,
    currency: l.currency ?? cart.currency,
    productId: ids[l.sku],
    available: l.stock?.available,
    // null stock: inventory cannot say right now, so no hint either way
    inStock: l.stock ? l.stock.status !== 'sold-out' : undefined,
    priceChanged: l.priceChanged,
  }));

export function CartProvider({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const call = useApi();
  const [lines, setLines] = useState<CartLine[]>([]);
  const [mode, setMode] = useState<CartMode>('guest');
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const modeRef = useRef<CartMode>('guest');
  const signedIn = auth.user?.sub ?? null;

  const use = (next: CartMode) => {
    modeRef.current = next;
    setMode(next);
  };

  const loadServer = useCallback(async () => {
    try {
      const { data } = await call((api) => api.GET('/api/cart'));
      use('server');
      setLines(fromServer(data));
      setError(null);
    } catch (e) {
      if (isMissingRoute(e)) {
        use('local');
        setLines(readGuest());
      } else {
        setError('Your cart could not be loaded. It is kept; try again in a moment.');
      }
    }
  }, [call]);

  const mergeGuest = useCallback(async () => {
    const error = await mergeGuestCart(call);
    if (error) setError(error);
  }, [call]);

  useEffect(() => {
    if (!auth.ready) return;
    let cancelled = false;
    void (async () => {
      if (!signedIn) {
        use('guest');
        setLines(readGuest());
        setReady(true);
        return;
      }
      setReady(false);
      await mergeGuest();
      if (!cancelled) {
        await loadServer();
        setReady(true);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [auth.ready, signedIn, mergeGuest, loadServer]);

  const setLocal = useCallback((update: (lines: CartLine[]) => CartLine[]) => {
    const next = update(readGuest()).filter((l) => l.quantity > 0);
    writeGuest(next);
    setLines(next);
  }, []);

  const setQuantity = useCallback(
    async (sku: string, quantity: number) => {
      if (modeRef.current !== 'server') {
        setLocal((current) => current.map((l) => (l.sku === sku ? { ...l, quantity } : l)));
        return;
      }
      try {
        const { data } = await call((api) =>
          api.PUT('/api/cart/items/{sku}', { params: { path: { sku } }, body: { quantity } }),
        );
        if (data?.lines) setLines(fromServer(data));
        else await loadServer();
        setError(null);
      } catch {
        setError('The cart could not be updated. Please try again.');
      }
    },
    [call, loadServer, setLocal],
  );

  const add = useCallback(
    async (product: Product, quantity = 1) => {
      const line: CartLine = {
        sku: product.sku,
        quantity,
        name: product.name,
        unitPrice: product.price,
        currency: product.currency,
        productId: product.id,
      };
      rememberId(product.sku, product.id);
      if (modeRef.current !== 'server') {
        setLocal((current) => {
          const found = current.find((l) => l.sku === product.sku);
          return found
            ? current.map((l) =>
                l.sku === product.sku ? { ...line, quantity: l.quantity + quantity } : l,
              )
            : [...current, line];
        });
        return;
      }
      const existing = lines.find((l) => l.sku === product.sku)?.quantity ?? 0;
      await setQuantity(product.sku, existing + quantity);
    },
    [lines, setLocal, setQuantity],
  );

  const value = useMemo<CartState>(() => {
    const total = lines.reduce((sum, l) => sum + (l.unitPrice ?? 0) * l.quantity, 0);
    return {
      ready,
      mode,
      lines,
      count: lines.reduce((sum, l) => sum + l.quantity, 0),
      total,
      currency: lines[0]?.currency ?? 'USD',
      error,
      add,
      setQuantity,
      placed: async () => {
        if (modeRef.current === 'server') await loadServer();
        else setLocal(() => []);
      },
      reload: async () => {
        if (modeRef.current === 'server') await loadServer();
        else setLines(readGuest());
      },
    };
  }, [ready, mode, lines, error, add, setQuantity, loadServer, setLocal]);

  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}
