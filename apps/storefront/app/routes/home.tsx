import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { catalogFor } from '../lib/catalog.server';
import { pageError } from '../lib/loader-error.server';
import { ProductCard } from '../ui/product-card';

export const meta = () => [
  { title: 'MStore — shop by category' },
  {
    name: 'description',
    content: 'Books, clothing, electronics, home & kitchen, sports and toys at MStore.',
  },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { categories, products } = catalogFor(context);
  try {
    const [list, latest] = await Promise.all([
      categories(),
      products({ sort: '-createdAt', pageSize: 4 }),
    ]);
    return { categories: list, latest: latest.items };
  } catch (error) {
    pageError(error, 'The catalog');
  }
}

export default function Home() {
  const { categories: list, latest } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>Welcome to MStore</h1>
        <p>Everything you need, in stock and shipped fast.</p>
        <Link className="button" to="/products">
          Browse all products
        </Link>
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Shop by category</h2>
        <ul className="categories">
          {list.map((c) => (
            <li key={c.slug}>
              <Link to={`/products?category=${encodeURIComponent(c.slug)}`}>
                <img
                  src={`/images/products/category-${c.slug}.svg`}
                  alt=""
                  width="64"
                  height="64"
                />
                <span>{c.name}</span>
                <span className="muted">{c.count} products</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="new-heading">
        <h2 id="new-heading">New arrivals</h2>
        <ul className="grid">
          {latest.map((p) => (
            <li key={p.id}>
              <ProductCard product={p} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
