import { instanceFromUrl, type ServiceInstance } from '@mstore/discovery';

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
      Object.entries(urls).map(([name, list]) => [
        name,
        list.map((url) => instanceFromUrl(name, url)),
      ]),
    );
  }

  instances(appName: string): ServiceInstance[] {
    return this.fixed.get(appName) ?? this.fallback?.instances(appName) ?? [];
  }
}

/** The SERVICE_URLS format now lives with the shared config; re-exported for existing importers. */
export { parseServiceUrls } from '@mstore/config';
