/** Parses `NAME=http://h:1|http://h:2,OTHER=http://h:3` (the SERVICE_URLS format); names upper-cased. */
export function parseServiceUrls(value: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new Error(`"${entry}" is not NAME=url`);
    const urls = entry
      .slice(at + 1)
      .split('|')
      .map((u) => u.trim())
      .filter(Boolean);
    for (const url of urls) new URL(url); // throws on a malformed URL
    if (urls.length === 0) throw new Error(`"${entry}" has no url`);
    result[entry.slice(0, at).trim().toUpperCase()] = urls;
  }
  return result;
}
