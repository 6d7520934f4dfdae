/**
 * Display names of category slugs (DESIGN §4 `GET /api/categories`). The demo catalog's slugs are
 * named here; any other slug is title-cased word by word (`garden-tools` → "Garden Tools").
 */
export const CATEGORY_NAMES: Readonly<Record<string, string>> = Object.freeze({
  books: 'Books',
  clothing: 'Clothing',
  electronics: 'Electronics',
  'home-kitchen': 'Home & Kitchen',
  'sports-outdoors': 'Sports & Outdoors',
  'toys-games': 'Toys & Games',
});

export function categoryName(slug: string): string {
  return (
    CATEGORY_NAMES[slug] ??
    slug
      .split('-')
      .filter((word) => word.length > 0)
      .map((word) => word[0]?.toUpperCase() + word.slice(1))
      .join(' ')
  );
}
