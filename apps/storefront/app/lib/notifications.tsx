import { createContext, ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Notification } from '@mstore/sdk';
import { apiClient, unwrap } from './api';
import { useAuth } from './auth';
import { useConfig } from './config';

interface NotificationState {
  items: Notification[];
  /** The newest live one, shown as a toast until dismissed. */
  toast: Notification | null;
  connected: boolean;
  dismiss(): void;
}

const NotificationContext = createContext<NotificationState>({
  items: [],
  toast: null,
  connected: false,
  dismiss: () => undefined,
});

export const useNotifications = (): NotificationState => useContext(NotificationContext);

export const isStockAlert = (n: Notification): boolean =>
  n.audience === 'admins' || n.type.startsWith('inventory.');

/** Parses an SSE byte stream (the fetch body) into events; EventSource cannot send the bearer token. */
async function* events(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<{ id?: string; event: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = content;
        else if (field === 'event') event = content;
        else if (field === 'data') data.push(content);
      }
      if (data.length) yield { id, event, data: data.join('\n') };
    }
  }
}

export function NotificationProvider({ children }: { children: ReactNode }) {
  const { apiUrl } = useConfig();
  const auth = useAuth();
  const [items, setItems] = useState<Notification[]>([]);
  const [toast, setToast] = useState<Notification | null>(null);
  const [connected, setConnected] = useState(false);
  const sub = auth.user?.sub ?? null;
  const tokenRef = useRef(auth.token);
  tokenRef.current = auth.token;

  useEffect(() => {
    setItems([]);
    setToast(null);
    if (!sub) return;
    const abort = new AbortController();
    let cursor: string | undefined;
    const seen = new Set<string>();
    const add = (n: Notification, live: boolean) => {
      if (seen.has(n.id)) return;
      seen.add(n.id);
      setItems((list) => [n, ...list].slice(0, 50));
      if (live) setToast(n);
    };
    const api = apiClient(apiUrl, () => tokenRef.current());
    void (async () => {
      try {
        const { data } = await unwrap(
          api.GET('/api/notifications', {
            params: { query: { pageSize: 20 } },
            signal: abort.signal,
          }),
        );
        const newest = [...data.items].sort((a, b) => a.cursor - b.cursor);
        newest.forEach((n) => add(n, false));
        if (newest.length) cursor = String(newest[newest.length - 1].cursor);
      } catch {
        // the list is a nicety; the stream below still brings what happens from now on
      }
      while (!abort.signal.aborted) {
        try {
          if (!(await tokenRef.current())) return;
          // the body as a stream (parseAs), resumed from the last event seen
          const { data: body, response } = await api.GET('/api/notifications/stream', {
            parseAs: 'stream',
            headers: { accept: 'text/event-stream', 'last-event-id': cursor },
            signal: abort.signal,
          });
          if (response.status === 401) return;
          if (!response.ok || !body) throw new Error(`stream answered ${response.status}`);
          setConnected(true);
          for await (const e of events(body)) {
            if (e.id) cursor = e.id;
            if (e.event !== 'notification') continue;
            try {
              add(JSON.parse(e.data) as Notification, true);
            } catch {
              // a malformed event is skipped, the stream goes on
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        setConnected(false);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
    })();
    return () => abort.abort();
  }, [sub, apiUrl]);

  const value = useMemo(
    () => ({ items, toast, connected, dismiss: () => setToast(null) }),
    [items, toast, connected],
  );
  return <NotificationContext.Provider value={value}>{children}</NotificationContext.Provider>;
}
