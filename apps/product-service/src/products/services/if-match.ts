/** The strong ETag of a product version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Whether an If-Match header (RFC 9110 §13.1.1) is satisfied by `version`. No header: yes.
 * Weak tags are accepted too, since proxies may weaken them.
 */
export function ifMatchSatisfied(header: string | undefined, version: number): boolean {
  if (header === undefined || header.trim() === '') return true;
  if (header.trim() === '*') return true;
  const wanted = etagOf(version);
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === wanted);
}
