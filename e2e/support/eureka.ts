/** Instance ids Eureka lists for an app right now (what any client fetching the registry sees). */
export async function eurekaInstanceIds(app: string): Promise<string[]> {
  const base = process.env['EUREKA_URL'] ?? 'http://localhost:8761/eureka/';
  const auth = Buffer.from(`eureka:${process.env['EUREKA_PASSWORD'] ?? 'eureka'}`).toString(
    'base64',
  );
  const response = await fetch(`${base.replace(/\/?$/, '/')}apps/${app}`, {
    headers: { accept: 'application/json', authorization: `Basic ${auth}` },
  });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Eureka answered ${response.status}`);
  const body = (await response.json()) as {
    application: { instance: { instanceId: string } | { instanceId: string }[] };
  };
  const list = body.application.instance;
  return (Array.isArray(list) ? list : [list]).map((i) => i.instanceId);
}

/** The id an instance registers under (libs/discovery: host:app:port). */
export const instanceId = (app: string, port: number) => `127.0.0.1:${app.toLowerCase()}:${port}`;

export const eurekaUrl = () => process.env['EUREKA_URL'] ?? 'http://localhost:8761/eureka/';
