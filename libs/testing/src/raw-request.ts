import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `head` and `body` bytes as they are and reads the answer until the server closes. For a
 * refusal before the body is read: fetch may fail with EPIPE writing a body the server closed on,
 * so the bytes here are exactly what the server reads before it answers (nothing left unread,
 * whose close would reset the connection and lose the answer).
 */
export function rawRequest(baseUrl: string, head: string, body = ''): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head + body));
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      socket.destroy();
      const text = Buffer.concat(received).toString('utf8');
      const [top, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = top.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [
          l.slice(0, l.indexOf(':')).toLowerCase(),
          l.slice(l.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
  });
}

/** A request declaring a body over the limit and sending none of it: the refusal comes back whole. */
export function declaringLength(
  baseUrl: string,
  method: string,
  path: string,
  contentLength: number,
  token?: string,
): Promise<RawAnswer> {
  const auth = token ? `Authorization: Bearer ${token}\r\n` : '';
  return rawRequest(
    baseUrl,
    `${method} ${path} HTTP/1.1\r\nHost: test\r\n${auth}Content-Type: application/json\r\n` +
      `Content-Length: ${contentLength}\r\n\r\n`,
  );
}
