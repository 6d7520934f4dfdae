const formatters = new Map<string, Intl.NumberFormat>();

/** Money is integer minor units; shown in the shop's locale. */
export function money(minor: number, currency = 'USD'): string {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, f);
  }
  return f.format(minor / 100);
}

const NAMES: Record<string, string> = {
  books: 'Books',
  clothing: 'Clothing',
  electronics: 'Electronics',
  'home-kitchen': 'Home & Kitchen',
  'sports-outdoors': 'Sports & Outdoors',
  'toys-games': 'Toys & Games',
};

export function categoryName(slug: string): string {
  return (
    NAMES[slug] ??
    slug
      .split('-')
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(' ')
  );
}

/** The storefront serves its own product pictures (the catalog's imageUrl host does not exist). */
export const imageOf = (sku: string): string => `/images/products/${encodeURIComponent(sku)}.svg`;

export const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
