export type Compare<T> = (a: T, b: T) => number;

/** First index whose item is not `before` (items must be partitioned: all `before` ones first). */
export function partitionPoint<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `item` into `items`, kept sorted by `compare` (a memmove: writes are rare). */
export function insertSorted<T>(items: T[], item: T, compare: Compare<T>): void {
  items.splice(
    partitionPoint(items, (x) => compare(x, item) < 0),
    0,
    item,
  );
}

/** Removes `item` (found by `compare`, which must tell any two items apart). */
export function removeSorted<T>(items: T[], item: T, compare: Compare<T>): void {
  const at = partitionPoint(items, (x) => compare(x, item) < 0);
  if (items[at] === item) items.splice(at, 1);
}

/**
 * The first `k` of `items` in `compare` order without sorting them all: one comparison per item
 * against the current k-th, an insertion only when it beats it (rare once the buffer fills).
 */
export function firstK<T>(items: Iterable<T>, k: number, compare: Compare<T>): T[] {
  const best: T[] = [];
  if (k <= 0) return best;
  for (const item of items) {
    if (best.length < k) insertSorted(best, item, compare);
    else if (compare(item, best[k - 1]) < 0) {
      best.pop();
      insertSorted(best, item, compare);
    }
  }
  return best;
}
