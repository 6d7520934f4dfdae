import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { paced } from './paced';

/** A local server that answers at once, except while `stalled` (then it answers when released); `onRequest` runs as each request arrives. */
function server() {
  const held: (() => void)[] = [];
  let stalled = false;
  const paths: string[] = [];
  let onRequest = () => undefined as void;
  const http: Server = createServer((request, response) => {
    paths.push(request.url ?? '');
    onRequest();
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
    held: () => held.length,
    onRequest: (hook: () => void) => (onRequest = hook),
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
    // every request due in the second is sent, however late the generator runs: 1 s × 200/s
    expect(m.total).toBe(200);
    expect(m.status).toMatchObject({ '2xx': 100, '4xx': 100, '5xx': 0, errors: 0, timeouts: 0 });
    expect(s.paths.filter((p) => p === '/missing')).toHaveLength(100);
  });

  it('reports what it sent late itself: a blocked generator is not charged to the server', async () => {
    // the generator's own event loop is busy for 150 ms while it builds its 100th request: the ~75
    // requests that fall due meanwhile go out late, however fast or slow the machine otherwise is
    let built = 0;
    const block = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until);
    };
    const m = await paced({ url, setupRequest: (r) => (++built === 100 && block(150), r) }, 1, 500);
    expect(m.lateSendShare).toBeGreaterThan(0.1);
    expect(m.total).toBe(500);
  });

  it('charges a stall to every request that fell due during it (no coordinated omission)', async () => {
    // the server stalls when the 150th request arrives and answers again 200 ms later: the ~50
    // requests due in the stall's first 100 ms wait at least 100 ms counted from their due time
    // (sent on time and held, or sent late), 10 % of all, so the p99 exceeds 100 ms; a closed
    // loop would have sent none of them and measured no wait
    let held = 0;
    const arrived = () => {
      if (s.paths.length === 150) {
        s.stall();
        setTimeout(() => ((held = s.held()), s.release()), 200);
      }
    };
    s.onRequest(arrived);
    const m = await paced({ url }, 1, 500);
    expect(m.p99Ms).toBeGreaterThan(100);
    expect(held).toBeGreaterThan(0); // requests kept coming during the stall
    expect(m.total).toBe(500);
    expect(m.status['2xx']).toBe(500);
  });
});
