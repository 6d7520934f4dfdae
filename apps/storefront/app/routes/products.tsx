import {
  Form,
  isRouteErrorResponse,
  Link,
  useLoaderData,
  useNavigation,
  useRouteError,
  useSearchParams,
  type LoaderFunctionArgs,
  type MetaArgs,
} from 'react-router';
import { catalogFor, type ProductQuery } from '../lib/catalog.server';
import { categoryName, money } from '../lib/format';
import { pageError } from '../lib/loader-error.server';
import { ProductCard } from '../ui/product-card';

const PAGE_SIZE = 12;
const SORTS = [
  ['', 'Relevance'],
  ['price', 'Price: low to high'],
  ['-price', 'Price: high to low'],
  ['name', 'Name'],
  ['-createdAt', 'Newest'],
] as const;

/** Storefront query (prices in dollars) → API query (minor units). */
function apiQuery(url: URL): ProductQuery {
  const s = url.searchParams;
  const query: ProductQuery = { pageSize: PAGE_SIZE, facets: 'true' };
  const page = Number(s.get('page') ?? '1');
  if (Number.isInteger(page) && page > 1) query.page = page;
  for (const key of ['q', 'category'] as const) {
    const v = s.get(key)?.trim();
    if (v) query[key] = v;
  }
  for (const [key, api] of [
    ['min', 'minPrice'],
    ['max', 'maxPrice'],
  ] as const) {
    const v = Number(s.get(key));
    if (s.get(key) && Number.isFinite(v) && v >= 0) query[api] = Math.round(v * 100);
  }
  const sort = SORTS.find(([value]) => value && value === s.get('sort'))?.[0];
  if (sort) query.sort = sort;
  return query;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { categories, products } = catalogFor(context);
  try {
    const [listing, all] = await Promise.all([products(apiQuery(url)), categories()]);
    const facetCategories = listing.facets?.categories;
    return {
      listing: {
        items: listing.items,
        page: listing.page,
        pageSize: listing.pageSize,
        total: listing.total,
      },
      categories: all,
      facets: {
        categories: facetCategories?.map((f) => ({ ...f, name: categoryName(f.slug) })) ?? null,
        price: listing.facets?.price ?? null,
      },
      params: Object.fromEntries(url.searchParams),
    };
  } catch (error) {
    pageError(error, 'The catalog');
  }
}

export const meta = ({ data }: MetaArgs<typeof loader>) => {
  const category = data?.params['category'];
  const q = data?.params['q'];
  const title = q ? `Search: ${q}` : category ? categoryName(category) : 'All products';
  return [
    { title: `${title} — MStore` },
    {
      name: 'description',
      content: `${data?.listing.total ?? 0} products at MStore: ${title.toLowerCase()}.`,
    },
  ];
};

type Params = Record<string, string>;

const heading = (params: Params) =>
  params['q']
    ? `Results for “${params['q']}”`
    : params['category']
      ? categoryName(params['category'])
      : 'All products';

/** The search and filter form, filled from the query string (what the shopper typed or chose). */
function Filters({
  params,
  categories: all,
}: {
  params: Params;
  categories: { slug: string; name: string }[];
}) {
  return (
    <Form method="get" role="search" className="filters" aria-label="Filter products">
      <div className="field">
        <label htmlFor="q">Search</label>
        <input id="q" name="q" type="search" defaultValue={params['q'] ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="category">Category</label>
        <select id="category" name="category" defaultValue={params['category'] ?? ''}>
          <option value="">All categories</option>
          {all.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="min">Min price ($)</label>
        <input
          id="min"
          name="min"
          type="number"
          min="0"
          step="1"
          inputMode="numeric"
          defaultValue={params['min'] ?? ''}
        />
      </div>
      <div className="field">
        <label htmlFor="max">Max price ($)</label>
        <input
          id="max"
          name="max"
          type="number"
          min="0"
          step="1"
          inputMode="numeric"
          defaultValue={params['max'] ?? ''}
        />
      </div>
      <div className="field">
        <label htmlFor="sort">Sort by</label>
        <select id="sort" name="sort" defaultValue={params['sort'] ?? ''}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Apply</button>
      <Link to="/products">Clear</Link>
    </Form>
  );
}

export default function Products() {
  const { listing, categories: all, facets, params } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const pages = Math.max(1, Math.ceil(listing.total / listing.pageSize));
  const pageLink = (page: number) =>
    `/products?${new URLSearchParams({ ...params, page: String(page) })}`;
  const facetLink = (slug: string) => {
    const next = new URLSearchParams(params);
    next.set('category', slug);
    next.delete('page');
    return `/products?${next}`;
  };
  return (
    <div className="catalog">
      <h1>{heading(params)}</h1>
      <Filters params={params} categories={all} />
      <div className="catalog-body">
        <aside aria-labelledby="facets-heading" className="facets">
          <h2 id="facets-heading">Refine</h2>
          {facets.categories && (
            <ul>
              {facets.categories.map((f) => (
                <li key={f.slug}>
                  <Link to={facetLink(f.slug)}>
                    {f.name} ({f.count})
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {facets.price && facets.price.min !== null && facets.price.max !== null && (
            <p className="muted">
              Prices from {money(facets.price.min)} to {money(facets.price.max)}
            </p>
          )}
        </aside>
        <section aria-labelledby="results-heading" aria-busy={navigation.state === 'loading'}>
          <h2 id="results-heading" className="visually-hidden">
            Results
          </h2>
          <p className="muted" role="status">
            {listing.total} {listing.total === 1 ? 'product' : 'products'}
          </p>
          {listing.items.length === 0 ? (
            <p>No products match. Try another search or clear the filters.</p>
          ) : (
            <ul className="grid">
              {listing.items.map((p) => (
                <li key={p.id}>
                  <ProductCard product={p} />
                </li>
              ))}
            </ul>
          )}
          {pages > 1 && (
            <nav aria-label="Pages" className="pager">
              {listing.page > 1 && <Link to={pageLink(listing.page - 1)}>Previous page</Link>}
              <span>
                Page {listing.page} of {pages}
              </span>
              {listing.page < pages && <Link to={pageLink(listing.page + 1)}>Next page</Link>}
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}

/**
 * The catalog could not be loaded (e.g. 429 with Retry-After, 503): the message in words, under the
 * same heading and the search form still holding what the shopper typed, so Apply tries again.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const params: Params = Object.fromEntries(useSearchParams()[0]);
  const message =
    isRouteErrorResponse(error) && typeof error.data === 'string' && error.data
      ? error.data
      : 'The catalog could not be loaded. Please try again in a moment.';
  // the chosen category stays selectable even though the category list did not load
  const chosen = params['category']
    ? [{ slug: params['category'], name: categoryName(params['category']) }]
    : [];
  return (
    <div className="catalog">
      <h1>{heading(params)}</h1>
      <Filters params={params} categories={chosen} />
      <p role="alert" className="error">
        {message}
      </p>
    </div>
  );
}
