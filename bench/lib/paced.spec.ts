import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { paced } from './paced';

/** A local server that answers at once, except while `stalled` (then it answers when released). */
function server() {
  const held: (() => void)[] = [];
  let stalled = false;
  const paths: string[] = [];
  const http: Server = createServer((request, response) => {
    paths.push(request.url ?? '');
    const answer = () => response.writeHead(request.url === '/missing' ? 404 : 200).end('ok');
    if (stalled) held.push(answer);
    else answer();
  });
  return {
    listen: () =>
      new Promise<string>((resolve) =>
        http.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(http.address() as AddressInfo).port}`),
        ),
      ),
    stall: () => (stalled = true),
    release: () => {
      stalled = false;
      held.splice(0).forEach((answer) => answer());
    },
    paths,
    close: () => new Promise((resolve) => http.close(resolve)),
  };
}

describe(paced.name, () => {
  let s: ReturnType<typeof server>;
  let url: string;
  beforeEach(async () => {
    s = server();
    url = await s.listen();
  });
  afterEach(() => s.close());

  it('sends at the given rate, each request built by setupRequest, and counts statuses', async () => {
    let i = 0;
    const m = await paced(
      { url: `${url}/a`, setupRequest: (r) => ({ ...r, path: i++ % 2 ? '/missing' : '/a' }) },
      1,
      200,
    );
    expect(m.total).toBeGreaterThanOrEqual(190);
    expect(m.total).toBeLessThanOrEqual(200);
    expect(m.status['2xx'] + m.status['4xx']).toBe(m.total);
    expect(Math.abs(m.status['2xx'] - m.status['4xx'])).toBeLessThanOrEqual(1);
  });

  it('reports what it sent late itself: a blocked generator is not charged to the server', async () => {
    // the generator's own event loop is busy for 150 ms: ~75 of 500 requests go out late
    setTimeout(() => {
      const until = Date.now() + 150;
      while (Date.now() < until);
    }, 300);
    const m = await paced({ url }, 1, 500);
    expect(m.lateSendShare).toBeGreaterThan(0.1);
    expect(m.total).toBeGreaterThanOrEqual(480);
  });

  it('charges a stall to every request that fell due during it (no coordinated omission)', async () => {
    setTimeout(() => s.stall(), 300);
    setTimeout(() => s.release(), 500);
    const m = await paced({ url }, 1, 500);
    // ~100 requests fell due during the 200 ms stall: from ~200 ms down to ~0 ms late, so well over
    // 1 % of all answers waited more than 100 ms; a closed loop would have sent none of them
    expect(m.p99Ms).toBeGreaterThan(100);
    expect(m.p50Ms).toBeLessThan(50);
    expect(m.total).toBeGreaterThanOrEqual(480);
  });
});
