import { Link } from 'react-router';
import { categoryName, imageOf, money } from '../lib/format';
import type { Product } from '@mstore/sdk';

export function ProductCard({ product }: { product: Product }) {
  return (
    <article className="card">
      <img src={imageOf(product.sku)} alt="" width="160" height="160" loading="lazy" />
      <h3>
        <Link to={`/products/${product.id}`}>{product.name}</Link>
      </h3>
      <p className="muted">{categoryName(product.category)}</p>
      <p className="price">{money(product.price, product.currency)}</p>
    </article>
  );
}
