import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { Product } from '@mstore/sdk';
import { ApiError, describe } from '../lib/api';
import { categoryName, money } from '../lib/format';
import { useApi } from '../lib/use-api';

export const meta = () => [{ title: 'Products — Admin — MStore' }];

interface Draft {
  sku: string;
  name: string;
  description: string;
  category: string;
  price: string;
}

const empty: Draft = { sku: '', name: '', description: '', category: '', price: '' };
const draftOf = (p: Product): Draft => ({
  sku: p.sku,
  name: p.name,
  description: p.description,
  category: p.category,
  price: (p.price / 100).toFixed(2),
});
const cents = (price: string) => Math.round(Number(price) * 100);

function Fields({
  draft,
  set,
  idPrefix,
  withSku,
}: {
  draft: Draft;
  set: (d: Draft) => void;
  idPrefix: string;
  withSku: boolean;
}) {
  const field = (key: keyof Draft, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${idPrefix}-${key}`}>{label}</label>
      <input
        id={`${idPrefix}-${key}`}
        type={type}
        step={type === 'number' ? '0.01' : undefined}
        min={type === 'number' ? '0' : undefined}
        required
        value={draft[key]}
        onChange={(e) => set({ ...draft, [key]: e.target.value })}
      />
    </div>
  );
  return (
    <>
      {withSku && field('sku', 'SKU')}
      {field('name', 'Name')}
      {field('description', 'Description')}
      {field('category', 'Category')}
      {field('price', 'Price ($)', 'number')}
    </>
  );
}

export default function AdminProducts() {
  const call = useApi();
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [create, setCreate] = useState<Draft>(empty);
  const [editing, setEditing] = useState<{ product: Product; etag: string; draft: Draft } | null>(
    null,
  );
  const [conflict, setConflict] = useState<Product | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const load = useCallback(
    () =>
      call((api) =>
        api.GET('/api/products', { params: { query: { pageSize: 100, sort: 'name' } } }),
      )
        .then((a) => setProducts(a.data.items))
        .catch((e: unknown) => setError(describe(e))),
    [call],
  );
  useEffect(() => void load(), [load]);

  const read = (id: string) =>
    call((api) => api.GET('/api/products/{id}', { params: { path: { id } } }));

  const startEdit = async (id: string) => {
    setConflict(null);
    setMessage(null);
    try {
      const { data, headers } = await read(id);
      setEditing({
        product: data,
        etag: headers.get('etag') ?? `"${data.version}"`,
        draft: draftOf(data),
      });
    } catch (e) {
      setError(describe(e));
    }
  };

  const onCreate = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const body = { ...create, price: cents(create.price), currency: 'USD' };
      const { data } = await call((api) => api.POST('/api/products', { body }));
      setMessage(`Created ${data.name}.`);
      setCreate(empty);
      await load();
    } catch (err) {
      setMessage(describe(err));
    }
  };

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const { draft } = editing;
    try {
      const { data } = await call((api) =>
        api.PATCH('/api/products/{id}', {
          params: { path: { id: editing.product.id }, header: { 'if-match': editing.etag } },
          body: {
            name: draft.name,
            description: draft.description,
            category: draft.category,
            price: cents(draft.price),
          },
        }),
      );
      setEditing(null);
      setConflict(null);
      setMessage(`Saved ${data.name} (now ${money(data.price, data.currency)}).`);
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        // someone else saved first: show their version, keep this draft, overwrite nothing
        const { data, headers } = await read(editing.product.id);
        setConflict(data);
        setEditing({ ...editing, product: data, etag: headers.get('etag') ?? `"${data.version}"` });
      } else {
        setMessage(describe(err));
      }
    }
  };

  const onDelete = async (p: Product) => {
    if (confirmDelete !== p.id) return setConfirmDelete(p.id);
    setConfirmDelete(null);
    try {
      await call((api) => api.DELETE('/api/products/{id}', { params: { path: { id: p.id } } }));
      setMessage(`Deleted ${p.name}.`);
      await load();
    } catch (err) {
      setMessage(describe(err));
    }
  };

  return (
    <section aria-labelledby="admin-products-heading">
      <h1 id="admin-products-heading">Products</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status">{message}</p>
      {editing && (
        <form onSubmit={(e) => void onSave(e)} className="panel" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit {editing.product.sku}</h2>
          {conflict && (
            <div role="alert" className="banner warning">
              Someone else changed this product while you were editing. Their version:{' '}
              {conflict.name}, {money(conflict.price, conflict.currency)}. Your changes were not
              saved and are still in the form; save again to replace their version, or cancel.
            </div>
          )}
          <Fields
            draft={editing.draft}
            set={(draft) => setEditing({ ...editing, draft })}
            idPrefix="edit"
            withSku={false}
          />
          <button type="submit">Save changes</button>{' '}
          <button type="button" className="secondary" onClick={() => setEditing(null)}>
            Cancel edit
          </button>
        </form>
      )}
      <form onSubmit={(e) => void onCreate(e)} className="panel" aria-labelledby="create-heading">
        <h2 id="create-heading">New product</h2>
        <Fields draft={create} set={setCreate} idPrefix="new" withSku />
        <button type="submit">Create product</button>
      </form>
      <table className="lines">
        <caption>Catalog ({products.length})</caption>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Name</th>
            <th scope="col">Category</th>
            <th scope="col">Price</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.id}>
              <td>{p.sku}</td>
              <td>{p.name}</td>
              <td>{categoryName(p.category)}</td>
              <td>{money(p.price, p.currency)}</td>
              <td>
                <button type="button" className="secondary" onClick={() => void startEdit(p.id)}>
                  Edit <span className="visually-hidden">{p.sku}</span>
                </button>{' '}
                <button type="button" className="danger" onClick={() => void onDelete(p)}>
                  {confirmDelete === p.id ? 'Confirm delete' : 'Delete'}{' '}
                  <span className="visually-hidden">{p.sku}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
