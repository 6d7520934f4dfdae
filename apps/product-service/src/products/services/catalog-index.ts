import {
  Product,
  ProductFacets,
  ProductFilter,
  ProductListQuery,
  ProductSort,
} from '../product.types';
import { Compare, firstK, insertSorted, partitionPoint, removeSorted } from './sorted-list';

/** A product with what the queries compare, computed once per version. */
interface Entry {
  product: Product;
  id: string;
  price: number;
  /** As the documents' nameKey: `sort=name` is case-insensitive. */
  nameKey: string;
  createdMs: number;
  /** Lower-cased for `q` (the database's case-insensitive regex). */
  description: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The database's sort orders (products.repository SORTS), ties by `_id` as there. */
const ORDERS: Record<ProductSort, Compare<Entry>> = {
  price: (a, b) => a.price - b.price || byText(a.id, b.id),
  '-price': (a, b) => b.price - a.price || byText(a.id, b.id),
  name: (a, b) => byText(a.nameKey, b.nameKey) || byText(a.id, b.id),
  '-createdAt': (a, b) => b.createdMs - a.createdMs || byText(b.id, a.id),
};
const SORTS = Object.keys(ORDERS) as ProductSort[];

/** Letters and digits: the pieces of a search text that must lie inside one word of a product. */
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const wordsOf = (text: string) => text.split(NOT_WORD).filter(Boolean);
const MAX_REMEMBERED_SEARCHES = 1000;

/** The live products of one category (or of all): one array per sort order, kept sorted. */
class Shelf {
  readonly sorted = Object.fromEntries(SORTS.map((s) => [s, [] as Entry[]])) as Record<
    ProductSort,
    Entry[]
  >;

  get size(): number {
    return this.sorted.price.length;
  }

  add(entry: Entry): void {
    for (const sort of SORTS) insertSorted(this.sorted[sort], entry, ORDERS[sort]);
  }

  remove(entry: Entry): void {
    for (const sort of SORTS) removeSorted(this.sorted[sort], entry, ORDERS[sort]);
  }

  /** Bulk load: one sort per order instead of an insertion per product. */
  fill(entries: Entry[]): void {
    for (const sort of SORTS) this.sorted[sort] = [...entries].sort(ORDERS[sort]);
  }

  /** The price-ascending slice within [min, max]: two binary searches. */
  priceRange(min = -Infinity, max = Infinity): Entry[] {
    const byPrice = this.sorted.price;
    const from = partitionPoint(byPrice, (e) => e.price < min);
    const to = partitionPoint(byPrice, (e) => e.price <= max);
    return byPrice.slice(from, to);
  }

  countInPrice(min = -Infinity, max = Infinity): number {
    const byPrice = this.sorted.price;
    return (
      partitionPoint(byPrice, (e) => e.price <= max) - partitionPoint(byPrice, (e) => e.price < min)
    );
  }

  /** One page in `sort` order of the products within the price bounds. */
  page(sort: ProductSort, min: number, max: number, offset: number, size: number) {
    const all = this.sorted[sort];
    const bounded = min !== -Infinity || max !== Infinity;
    if (!bounded) return { items: all.slice(offset, offset + size), total: all.length };
    const within = this.priceRange(min, max);
    const total = within.length;
    if (sort === 'price') return { items: within.slice(offset, offset + size), total };
    const want = offset + size;
    // walk the presorted order (about want × all/total items) or rank the matches: the cheaper
    if (total > 0 && (want * all.length) / total < total) {
      const items: Entry[] = [];
      let seen = 0;
      for (const e of all) {
        if (e.price < min || e.price > max) continue;
        if (seen++ >= offset) items.push(e);
        if (items.length === size) break;
      }
      return { items, total };
    }
    return { items: firstK(within, want, ORDERS[sort]).slice(offset), total };
  }
}

/**
 * The catalog in memory with the indexes its queries need: per category and for all, the live
 * products in each sort order (a page is a slice, a price band two binary searches), and the
 * words of names and descriptions (a search reads the products holding a word, not all of them).
 * Deleted products stay known by id with their version, so an old event cannot bring one back.
 */
export class CatalogIndex {
  private readonly byId = new Map<string, Entry>();
  private readonly bySku = new Map<string, Entry>();
  private readonly all = new Shelf();
  private readonly shelves = new Map<string, Shelf>();
  private readonly words = new Map<string, Entry[]>();
  private readonly containing = new Map<string, string[]>();

  constructor(products: Iterable<Product> = []) {
    const live: Entry[] = [];
    for (const product of products) {
      const entry = entryOf(product);
      this.byId.set(product.id, entry);
      if (product.deleted) continue;
      live.push(entry);
      this.bySku.set(product.sku, entry);
      this.addWords(entry);
    }
    this.all.fill(live);
    const byCategory = new Map<string, Entry[]>();
    for (const e of live) {
      const group = byCategory.get(e.product.category);
      if (group) group.push(e);
      else byCategory.set(e.product.category, [e]);
    }
    for (const [category, entries] of byCategory) {
      const shelf = new Shelf();
      shelf.fill(entries);
      this.shelves.set(category, shelf);
    }
  }

  get size(): number {
    return this.all.size;
  }

  versionOf(id: string): number | undefined {
    return this.byId.get(id)?.product.version;
  }

  /** Takes `product` unless a version at least as new is held; true when it did. */
  apply(product: Product): boolean {
    const old = this.byId.get(product.id);
    if (old && old.product.version >= product.version) return false;
    if (old && !old.product.deleted) this.unlist(old);
    const entry = entryOf(product);
    this.byId.set(product.id, entry);
    if (!product.deleted) this.list(entry);
    return true;
  }

  query(query: ProductListQuery): { items: Product[]; total: number } {
    const offset = (query.page - 1) * query.pageSize;
    const { minPrice = -Infinity, maxPrice = Infinity } = query;
    const matches = this.matches(query);
    if (matches) {
      const hits = matches.filter(
        (e) =>
          (query.category === undefined || e.product.category === query.category) &&
          e.price >= minPrice &&
          e.price <= maxPrice,
      );
      const page = firstK(hits, offset + query.pageSize, ORDERS[query.sort]).slice(offset);
      return { items: page.map((e) => e.product), total: hits.length };
    }
    const shelf = query.category === undefined ? this.all : this.shelves.get(query.category);
    if (!shelf) return { items: [], total: 0 };
    const { items, total } = shelf.page(query.sort, minPrice, maxPrice, offset, query.pageSize);
    return { items: items.map((e) => e.product), total };
  }

  /** See ProductFacets: each facet ignores its own filter. */
  facets(filter: ProductFilter): ProductFacets {
    const { category, minPrice = -Infinity, maxPrice = Infinity } = filter;
    const matches = this.matches(filter);
    const counts = new Map<string, number>();
    let min: number | null = null;
    let max: number | null = null;
    if (matches) {
      for (const e of matches) {
        const c = e.product.category;
        if (e.price >= minPrice && e.price <= maxPrice) counts.set(c, (counts.get(c) ?? 0) + 1);
        if (category === undefined || c === category) {
          min = min === null ? e.price : Math.min(min, e.price);
          max = max === null ? e.price : Math.max(max, e.price);
        }
      }
    } else {
      for (const [slug, shelf] of this.shelves) {
        const count = shelf.countInPrice(minPrice, maxPrice);
        if (count > 0) counts.set(slug, count);
      }
      const byPrice = (category === undefined ? this.all : this.shelves.get(category))?.sorted
        .price;
      if (byPrice?.length) [min, max] = [byPrice[0].price, byPrice[byPrice.length - 1].price];
    }
    const categories = [...counts]
      .sort(([a], [b]) => byText(a, b))
      .map(([slug, count]) => ({ slug, count }));
    return { categories, price: { min, max } };
  }

  /** Live products per category, by slug. */
  categoryCounts(): { slug: string; count: number }[] {
    return [...this.shelves]
      .filter(([, shelf]) => shelf.size > 0)
      .sort(([a], [b]) => byText(a, b))
      .map(([slug, shelf]) => ({ slug, count: shelf.size }));
  }

  /** Live products matching `sku` and `q`; undefined when the filter has neither. */
  private matches(filter: ProductFilter): Entry[] | undefined {
    let found: Entry[] | undefined;
    if (filter.sku !== undefined)
      found = [...new Set(filter.sku)].flatMap((sku) => this.bySku.get(sku) ?? []);
    if (filter.q) {
      const text = filter.q.toLowerCase();
      const has = (e: Entry) => e.nameKey.includes(text) || e.description.includes(text);
      if (found) return found.filter(has);
      const words = wordsOf(text);
      const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
      // punctuation only: every product is a candidate
      if (!longest) return this.all.sorted.price.filter(has);
      const candidates = this.withWordContaining(longest);
      // a text that is one word is in every product holding a word that contains it
      found = words.length === 1 && longest === text ? candidates : candidates.filter(has);
    }
    return found;
  }

  /** Products with a word containing `piece`: all that a text holding `piece` can match. */
  private withWordContaining(piece: string): Entry[] {
    const words = this.wordsContaining(piece);
    if (words.length === 1) return this.words.get(words[0]) ?? [];
    const found = new Set<Entry>();
    for (const word of words) for (const e of this.words.get(word) ?? []) found.add(e);
    return [...found];
  }

  /** The known words containing `piece`, remembered until a word comes or goes (searches repeat). */
  private wordsContaining(piece: string): string[] {
    let found = this.containing.get(piece);
    if (!found) {
      found = [...this.words.keys()].filter((word) => word.includes(piece));
      if (this.containing.size >= MAX_REMEMBERED_SEARCHES) this.containing.clear();
      this.containing.set(piece, found);
    }
    return found;
  }

  private list(entry: Entry): void {
    this.bySku.set(entry.product.sku, entry);
    this.all.add(entry);
    const category = entry.product.category;
    let shelf = this.shelves.get(category);
    if (!shelf) this.shelves.set(category, (shelf = new Shelf()));
    shelf.add(entry);
    this.addWords(entry);
  }

  private unlist(entry: Entry): void {
    if (this.bySku.get(entry.product.sku) === entry) this.bySku.delete(entry.product.sku);
    this.all.remove(entry);
    const shelf = this.shelves.get(entry.product.category);
    shelf?.remove(entry);
    if (shelf?.size === 0) this.shelves.delete(entry.product.category);
    for (const word of wordSetOf(entry)) {
      const entries = this.words.get(word);
      const at = entries?.indexOf(entry) ?? -1;
      if (entries && at >= 0) entries.splice(at, 1);
      if (entries?.length === 0) {
        this.words.delete(word);
        this.containing.clear();
      }
    }
  }

  private addWords(entry: Entry): void {
    for (const word of wordSetOf(entry)) {
      const entries = this.words.get(word);
      if (entries) entries.push(entry);
      else {
        this.words.set(word, [entry]);
        this.containing.clear();
      }
    }
  }
}

function entryOf(product: Product): Entry {
  return {
    product,
    id: product.id,
    price: product.price,
    nameKey: product.name.toLowerCase(),
    createdMs: product.createdAt.getTime(),
    description: product.description.toLowerCase(),
  };
}

const wordSetOf = (e: Entry) => new Set([...wordsOf(e.nameKey), ...wordsOf(e.description)]);
