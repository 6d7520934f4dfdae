export { call } from '@mstore/testing';

/** The `sub` claim: what order events carry as the customer id. */
export const subOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;

/** One sample of a Prometheus counter or gauge, 0 when the series does not exist yet. */
export async function metric(baseUrl: string, name: string, labels: Record<string, string>) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
