import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { Movement, Product, StockDetail, StockLevel } from '@mstore/sdk';
import { describe } from '../lib/api';
import { dateTime } from '../lib/format';
import { useApi } from '../lib/use-api';

export const meta = () => [{ title: 'Stock — Admin — MStore' }];

export default function AdminStock() {
  const call = useApi();
  const [products, setProducts] = useState<Product[]>([]);
  const [levels, setLevels] = useState<Record<string, StockLevel>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<StockDetail | null>(null);
  const [movements, setMovements] = useState<Movement[]>([]);
  const [available, setAvailable] = useState('');
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  /** The sku last asked for: an answer for another one arrives late and is dropped. */
  const wanted = useRef<string | null>(null);

  const loadLevels = useCallback(
    async (list: Product[]) => {
      if (!list.length) return;
      const sku = list.map((p) => p.sku);
      const { data } = await call((api) =>
        api.GET('/api/inventory', { params: { query: { sku } } }),
      );
      setLevels(Object.fromEntries(data.map((l) => [l.sku, l])));
    },
    [call],
  );

  useEffect(() => {
    call((api) => api.GET('/api/products', { params: { query: { pageSize: 100, sort: 'name' } } }))
      .then(async (a) => {
        setProducts(a.data.items);
        await loadLevels(a.data.items);
      })
      .catch((e: unknown) => setMessage(describe(e)));
  }, [call, loadLevels]);

  const open = useCallback(
    async (sku: string) => {
      wanted.current = sku;
      setSelected(sku);
      // the form shows only once its own sku's figures are in: typing into a form still showing
      // the previous sku would be overwritten when they arrive
      setDetail((d) => (d?.sku === sku ? d : null));
      try {
        const [d, m] = await Promise.all([
          call((api) => api.GET('/api/inventory/{sku}', { params: { path: { sku } } })),
          call((api) =>
            api.GET('/api/inventory/{sku}/movements', {
              params: { path: { sku }, query: { pageSize: 10 } },
            }),
          ),
        ]);
        if (wanted.current !== sku) return;
        setDetail(d.data);
        setAvailable(String(d.data.available));
        setMovements(m.data.items);
      } catch (e) {
        setMessage(describe(e));
      }
    },
    [call],
  );

  const after = async (sku: string, text: string) => {
    setMessage(text);
    await Promise.all([open(sku), loadLevels(products)]);
  };

  const onSet = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return;
    try {
      await call((api) =>
        api.PUT('/api/inventory/{sku}', {
          params: { path: { sku: selected } },
          body: { available: Number(available) },
        }),
      );
      await after(selected, `Stock of ${selected} set to ${available}.`);
    } catch (err) {
      setMessage(describe(err));
    }
  };

  const onAdjust = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return;
    try {
      await call((api) =>
        api.POST('/api/inventory/{sku}/adjustments', {
          params: { path: { sku: selected } },
          body: { delta: Number(delta), reason },
        }),
      );
      setDelta('');
      setReason('');
      await after(selected, `Stock of ${selected} adjusted by ${delta}.`);
    } catch (err) {
      setMessage(describe(err));
    }
  };

  return (
    <section aria-labelledby="admin-stock-heading">
      <h1 id="admin-stock-heading">Stock</h1>
      <p role="status">{message}</p>
      {selected && detail?.sku === selected && (
        <div className="panel" aria-labelledby="stock-detail-heading">
          <h2 id="stock-detail-heading">{selected}</h2>
          <p>
            Available {detail.available}, reserved {detail.reserved}
            {detail.lowStockThreshold !== null &&
              `, low-stock alert below ${detail.lowStockThreshold}`}
            .
          </p>
          <form onSubmit={(e) => void onSet(e)} className="inline">
            <div className="field">
              <label htmlFor="set-available">Set available to</label>
              <input
                id="set-available"
                type="number"
                min="0"
                required
                value={available}
                onChange={(e) => setAvailable(e.target.value)}
              />
            </div>
            <button type="submit">Set stock</button>
          </form>
          <form onSubmit={(e) => void onAdjust(e)} className="inline">
            <div className="field">
              <label htmlFor="adjust-delta">Adjust by</label>
              <input
                id="adjust-delta"
                type="number"
                required
                value={delta}
                onChange={(e) => setDelta(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="adjust-reason">Reason</label>
              <input
                id="adjust-reason"
                required
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
            <button type="submit">Adjust stock</button>
          </form>
          <table className="lines">
            <caption>Recent movements</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Change</th>
                <th scope="col">After</th>
                <th scope="col">Reason</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr key={m.id}>
                  <td>{dateTime(m.createdAt)}</td>
                  <td>{m.kind}</td>
                  <td>{m.availableDelta > 0 ? `+${m.availableDelta}` : m.availableDelta}</td>
                  <td>{m.availableAfter}</td>
                  <td>{m.reason}</td>
                  <td>{m.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <table className="lines">
        <caption>Stock per product</caption>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Name</th>
            <th scope="col">Available</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.id}>
              <td>{p.sku}</td>
              <td>{p.name}</td>
              <td>{levels[p.sku]?.available ?? '—'}</td>
              <td>
                <button type="button" className="secondary" onClick={() => void open(p.sku)}>
                  Manage <span className="visually-hidden">{p.sku}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
