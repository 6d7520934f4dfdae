import type { ServiceInstance } from '@mstore/discovery';

/** Where a client finds a service's instances: Eureka in production, fixed URLs when configured. */
export interface InstanceSource {
  instances(appName: string): ServiceInstance[];
}

/**
 * Fixed URLs for some services (tests, a peer outside the registry); every other name still comes
 * from the wrapped source.
 */
export class StaticInstanceSource implements InstanceSource {
  private readonly fixed: Map<string, ServiceInstance[]>;

  constructor(
    urls: Record<string, string[]>,
    private readonly fallback?: InstanceSource,
  ) {
    this.fixed = new Map(
      Object.entries(urls).map(([name, list]) => [name, list.map((url) => toInstance(name, url))]),
    );
  }

  instances(appName: string): ServiceInstance[] {
    return this.fixed.get(appName) ?? this.fallback?.instances(appName) ?? [];
  }
}

/** Parses `NAME=http://h:1|http://h:2,OTHER=http://h:3` (the SERVICE_URLS format). */
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

function toInstance(name: string, raw: string): ServiceInstance {
  const url = new URL(raw);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return {
    instanceId: `${url.hostname}:${name.toLowerCase()}:${port}`,
    host: url.hostname,
    port,
    baseUrl: `${url.protocol}//${url.host}`,
  };
}
