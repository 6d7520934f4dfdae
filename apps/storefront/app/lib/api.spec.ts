import {
  ApiError,
  apiClient,
  caller,
  describe as describeError,
  isMissingRoute,
  onUnauthorized,
  unwrap,
} from './api';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': status < 400 ? 'application/json' : 'application/problem+json',
      ...headers,
    },
  });

/** Answers every request with `answer`, keeping what was sent. */
function gateway(answer: (request: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const request = input as Request;
    seen.push(request);
    return answer(request);
  });
  return seen;
}

const failure = async (pending: Promise<unknown>): Promise<ApiError> => {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
};

afterEach(() => jest.restoreAllMocks());

describe('the storefront calls the gateway through the SDK', () => {
  it('sends the typed call with the token and answers the data, status and headers', async () => {
    const seen = gateway(() => json(200, { id: 'p1', name: 'Chess Set' }, { etag: '"3"' }));
    const call = caller(apiClient('http://gateway.test/', () => 'tok'));
    const answer = await call((api) =>
      api.GET('/api/products/{id}', { params: { path: { id: 'a/b' } } }),
    );
    expect(answer.data).toMatchObject({ name: 'Chess Set' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"3"');
    expect(seen[0]?.url).toBe('http://gateway.test/api/products/a%2Fb');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer tok');
    expect(seen[0]?.headers.get('accept')).toBe('application/json');
  });

  it('sends no token when signed out, repeated skus as repeated parameters, If-Match and Idempotency-Key headers', async () => {
    const seen = gateway(() => json(200, []));
    const api = apiClient('http://gateway.test', () => null);
    await unwrap(api.GET('/api/inventory', { params: { query: { sku: ['A', 'B'] } } }));
    await unwrap(
      api.PATCH('/api/products/{id}', {
        params: { path: { id: 'p1' }, header: { 'if-match': '"3"' } },
        body: { price: 100 },
      }),
    );
    await unwrap(
      api.POST('/api/cart/checkout', { params: { header: { 'Idempotency-Key': 'k1' } } }),
    );
    expect(seen.map((r) => r.headers.has('authorization'))).toEqual([false, false, false]);
    expect(seen[0]?.url).toBe('http://gateway.test/api/inventory?sku=A&sku=B');
    expect(seen[1]?.headers.get('if-match')).toBe('"3"');
    expect(await seen[1]?.json()).toEqual({ price: 100 });
    expect(seen[2]?.headers.get('idempotency-key')).toBe('k1');
  });

  it('throws the problem+json answer as an ApiError, with its extension members and Retry-After', async () => {
    gateway(() =>
      json(409, {
        type: 'about:blank',
        title: 'Out of stock',
        status: 409,
        detail: 'ELEC-1 is sold out',
        shortages: [{ sku: 'ELEC-1' }],
      }),
    );
    const soldOut = await failure(
      unwrap(
        apiClient('http://g').POST('/api/cart/checkout', {
          params: { header: { 'Idempotency-Key': 'k' } },
        }),
      ),
    );
    expect(soldOut.status).toBe(409);
    expect(soldOut.problem.shortages).toEqual([{ sku: 'ELEC-1' }]);
    expect(soldOut.message).toBe('ELEC-1 is sold out');
    expect(soldOut.retryAfter).toBeNull();

    gateway(() =>
      json(
        429,
        { type: 'about:blank', title: 'Too Many Requests', status: 429 },
        { 'retry-after': '7' },
      ),
    );
    const limited = await failure(unwrap(apiClient('http://g').GET('/api/categories')));
    expect([limited.status, limited.retryAfter]).toEqual([429, 7]);

    const at = new Date(Date.now() + 4_000).toUTCString();
    gateway(() =>
      json(
        503,
        { type: 'about:blank', title: 'Service Unavailable', status: 503 },
        { 'retry-after': at },
      ),
    );
    const busy = await failure(unwrap(apiClient('http://g').GET('/api/categories')));
    expect(busy.retryAfter).toBeGreaterThanOrEqual(3);
    expect(busy.retryAfter).toBeLessThanOrEqual(4);
  });

  it('takes the status from the answer, and its status text when the body is not a problem', async () => {
    gateway(
      () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const odd = await failure(unwrap(apiClient('http://g').GET('/api/categories')));
    expect(odd.problem).toEqual({ status: 502, title: 'Bad Gateway' });
    gateway(() =>
      json(404, {
        type: 'about:blank',
        title: 'Not Found',
        status: 200,
        detail: 'Cannot GET /api/cart',
      }),
    );
    const missing = await failure(unwrap(apiClient('http://g').GET('/api/cart')));
    expect(missing.status).toBe(404);
    expect(isMissingRoute(missing)).toBe(true);
  });

  it('makes an unreachable gateway a status 0 problem, and lets an abort through', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    const down = await failure(unwrap(apiClient('http://g').GET('/api/categories')));
    expect(down.status).toBe(0);
    expect(describeError(down)).toMatch(/cannot be reached/);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(abort);
    await expect(unwrap(apiClient('http://g').GET('/api/categories'))).rejects.toBe(abort);
  });

  it('ends the session on a 401 only for a call that carried a token', async () => {
    gateway(() => json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 }));
    const expired = jest.fn();
    await failure(
      unwrap(
        onUnauthorized(
          apiClient('http://g', () => null),
          expired,
        ).GET('/api/categories'),
      ),
    );
    expect(expired).not.toHaveBeenCalled();
    const error = await failure(
      unwrap(onUnauthorized(apiClient('http://g', 'tok'), expired).GET('/api/cart')),
    );
    expect(expired).toHaveBeenCalledTimes(1);
    expect(describeError(error)).toBe('Your session has expired. Please sign in again.');
  });
});

describe('describe', () => {
  const problem = (status: number, retryAfter: number | null = null, detail?: string) =>
    new ApiError({ status, title: 'Title', detail }, retryAfter);

  it('says in words what went wrong', () => {
    expect(describeError(problem(429, 7))).toBe(
      'Too many requests. Please wait 7 s and try again.',
    );
    expect(describeError(problem(429))).toBe('Too many requests. Please wait 1 s and try again.');
    expect(describeError(problem(503, 5))).toBe('The store is busy. Please try again in 5 s.');
    expect(describeError(problem(403))).toBe('You are not allowed to do this.');
    expect(describeError(problem(422, null, 'quantity must be at most 99'))).toBe(
      'quantity must be at most 99',
    );
    expect(describeError(problem(418))).toBe('Title');
    expect(describeError(new Error('boom'))).toBe('Something went wrong. Please try again.');
  });
});
