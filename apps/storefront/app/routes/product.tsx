import { useEffect, useState } from 'react';
import { Link, useLoaderData, type LoaderFunctionArgs, type MetaArgs } from 'react-router';
import type { StockLevel } from '@mstore/sdk';
import { apiClient, unwrap } from '../lib/api';
import { useCart } from '../lib/cart';
import { catalogFor } from '../lib/catalog.server';
import { useConfig } from '../lib/config';
import { categoryName, imageOf, money } from '../lib/format';
import { pageError } from '../lib/loader-error.server';

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { product: getProduct, stockOf } = catalogFor(context);
  try {
    const product = await getProduct(params['id'] ?? '');
    const stock = await stockOf(product.sku);
    return { product, stock };
  } catch (error) {
    pageError(error, 'This product');
  }
}

export const meta = ({ data }: MetaArgs<typeof loader>) =>
  data
    ? [
        { title: `${data.product.name} — MStore` },
        { name: 'description', content: data.product.description },
      ]
    : [{ title: 'Product not found — MStore' }];

/** Live stock: asked again every few seconds while the page is open. */
function useStock(sku: string, initial: StockLevel | null): StockLevel | null {
  const { apiUrl } = useConfig();
  const [stock, setStock] = useState(initial);
  useEffect(() => setStock(initial), [initial]);
  useEffect(() => {
    const api = apiClient(apiUrl);
    const read = () =>
      unwrap(api.GET('/api/inventory', { params: { query: { sku: [sku] } } }))
        .then((a) => a.data[0] && setStock(a.data[0]))
        .catch(() => undefined);
    const timer = setInterval(read, 4_000);
    void read();
    return () => clearInterval(timer);
  }, [apiUrl, sku]);
  return stock;
}

function stockText(stock: StockLevel | null): string {
  if (!stock) return 'Stock unknown right now';
  if (!stock.inStock || stock.available <= 0) return 'Sold out';
  if (stock.available <= 5) return `Only ${stock.available} left`;
  return `In stock: ${stock.available}`;
}

export default function ProductPage() {
  const { product, stock: initial } = useLoaderData<typeof loader>();
  const stock = useStock(product.sku, initial);
  const cart = useCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<string | null>(null);
  const soldOut = stock !== null && (!stock.inStock || stock.available <= 0);
  const inCart = cart.lines.find((l) => l.sku === product.sku)?.quantity ?? 0;

  return (
    <article className="product">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/products">Products</Link> ›{' '}
        <Link to={`/products?category=${encodeURIComponent(product.category)}`}>
          {categoryName(product.category)}
        </Link>
      </nav>
      <div className="product-body">
        <img src={imageOf(product.sku)} alt={product.name} width="320" height="320" />
        <div>
          <h1>{product.name}</h1>
          <p className="price" data-testid="price">
            {money(product.price, product.currency)}
          </p>
          <p>{product.description}</p>
          <p className="muted">SKU {product.sku}</p>
          <p
            className={soldOut ? 'stock sold-out' : 'stock'}
            data-testid="stock"
            aria-live="polite"
          >
            {stockText(stock)}
          </p>
          <form
            className="add"
            onSubmit={(e) => {
              e.preventDefault();
              void cart
                .add(product, quantity)
                .then(() => setAdded(`${quantity} × ${product.name} added to your cart.`));
            }}
          >
            <div className="field">
              <label htmlFor="quantity">Quantity</label>
              <input
                id="quantity"
                type="number"
                min="1"
                max="99"
                value={quantity}
                onChange={(e) =>
                  setQuantity(Math.max(1, Math.min(99, Number(e.target.value) || 1)))
                }
              />
            </div>
            <button type="submit" disabled={soldOut || !cart.ready}>
              Add to cart
            </button>
          </form>
          <p role="status" className="muted">
            {added ?? (inCart ? `${inCart} in your cart.` : '')}
          </p>
          {cart.error && (
            <p role="alert" className="error">
              {cart.error}
            </p>
          )}
        </div>
      </div>
    </article>
  );
}
