/** The JSON documents of the Eureka REST API: what is registered, and what a fetch returns. */

export interface ServiceInstance {
  instanceId: string;
  host: string;
  port: number;
  baseUrl: string;
}

export interface InstanceDocumentInput {
  appName: string;
  instanceId: string;
  host: string;
  port: number;
  heartbeatMs: number;
  leaseSeconds: number;
}

/** The body of POST /eureka/apps/{APP}: status UP, the real port, where to probe it, its lease. */
export function instanceDocument(i: InstanceDocumentInput) {
  const base = `http://${i.host}:${i.port}`;
  return {
    instance: {
      instanceId: i.instanceId,
      app: i.appName,
      hostName: i.host,
      ipAddr: i.host,
      vipAddress: i.appName.toLowerCase(),
      secureVipAddress: i.appName.toLowerCase(),
      status: 'UP',
      port: { $: i.port, '@enabled': 'true' },
      securePort: { $: 443, '@enabled': 'false' },
      homePageUrl: `${base}/`,
      statusPageUrl: `${base}/health/live`,
      healthCheckUrl: `${base}/health/ready`,
      leaseInfo: {
        renewalIntervalInSecs: Math.ceil(i.heartbeatMs / 1000),
        durationInSecs: i.leaseSeconds,
      },
      dataCenterInfo: {
        '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo',
        name: 'MyOwn',
      },
    },
  };
}

interface RawInstance {
  instanceId?: string;
  hostName?: string;
  ipAddr?: string;
  status?: string;
  port?: { $: number | string } | number | string;
}
interface RawApplication {
  name?: string;
  instance?: RawInstance | RawInstance[];
}

/** One element or a list: Eureka's JSON codecs write a single child either way. */
const many = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** GET /eureka/apps → the UP instances per app name (upper case); throws on an unexpected shape. */
export function parseApplications(body: unknown): Map<string, ServiceInstance[]> {
  const root = (body as { applications?: { application?: RawApplication | RawApplication[] } })
    ?.applications;
  if (!root || typeof root !== 'object') throw new Error('not an Eureka applications document');
  const result = new Map<string, ServiceInstance[]>();
  for (const app of many(root.application)) {
    if (!app.name) continue;
    const up = many(app.instance).flatMap((i) => {
      const host = i.ipAddr || i.hostName;
      const port = Number(typeof i.port === 'object' ? i.port.$ : i.port);
      if (i.status !== 'UP' || !host || !Number.isInteger(port) || port <= 0) return [];
      return [
        {
          instanceId: i.instanceId ?? `${host}:${port}`,
          host,
          port,
          baseUrl: `http://${host}:${port}`,
        },
      ];
    });
    result.set(app.name.toUpperCase(), up);
  }
  return result;
}

/** A fixed URL (SERVICE_URLS) as an instance, with the id an instance of that app would register. */
export function instanceFromUrl(appName: string, raw: string): ServiceInstance {
  const url = new URL(raw);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return {
    instanceId: `${url.hostname}:${appName.toLowerCase()}:${port}`,
    host: url.hostname,
    port,
    baseUrl: `${url.protocol}//${url.host}`,
  };
}
