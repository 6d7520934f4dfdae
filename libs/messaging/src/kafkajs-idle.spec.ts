import {
  PATCHED_KAFKAJS_VERSION,
  quietKafkajsWhenIdle,
  REQUEST_TIMEOUT_CHECK_MS,
  RequestQueueLike,
} from './kafkajs-idle';

type RequestQueueClass = new (options: Record<string, unknown>) => RequestQueueLike & {
  push(request: unknown): void;
  fulfillRequest(response: { correlationId: number; payload: unknown; size: number }): void;
  maybeThrottle(ms: number): void;
};
const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;

const silent = { debug: () => undefined, warn: () => undefined, error: () => undefined };
const queue = () =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 10_000,
    enforceRequestTimeout: true,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: silent,
  });

/** A request as kafkajs' Connection pushes it; `sent` counts the socket writes. */
function request(correlationId: number, sent: number[]) {
  return {
    entry: {
      correlationId,
      apiKey: 1,
      apiName: 'Fetch',
      apiVersion: 11,
      resolve: () => undefined,
      reject: () => undefined,
    },
    expectResponse: true,
    sendRequest: () => sent.push(correlationId),
  };
}

describe('kafkajs idle timers', () => {
  const original = RequestQueue.prototype.scheduleCheckPendingRequests;

  beforeAll(() => {
    expect(quietKafkajsWhenIdle()).toBe(true);
  });
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is the kafkajs version the correction was written for', () => {
    expect((require('kafkajs/package.json') as { version: string }).version).toBe(
      PATCHED_KAFKAJS_VERSION,
    );
  });

  it('the original re-arms a 1 ms timer forever on an idle queue (the bug)', () => {
    const q = queue();
    q.scheduleCheckPendingRequests = original;
    q.checkPendingRequests();
    // each firing checks the empty queue and arms the next one
    for (let i = 0; i < 5; i++) {
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(1);
    }
    expect(jest.getTimerCount()).toBe(1);
    q.destroy();
  });

  it('arms nothing while nothing is queued', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(0);
    const sent: number[] = [];
    q.push(request(1, sent));
    expect(sent).toEqual([1]); // sent at once: still nothing armed
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request queued behind one in flight as soon as that one is answered', () => {
    const q = queue();
    const sent: number[] = [];
    q.push(request(1, sent));
    q.push(request(2, sent));
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(sent).toEqual([1, 2]);
  });

  it('sends a request held by a broker throttle once the throttle ends, then goes quiet', () => {
    const q = queue();
    const sent: number[] = [];
    q.maybeThrottle(300);
    q.push(request(1, sent));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(299);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(2);
    expect(sent).toEqual([1]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('looks for timed-out requests once a second, not ten times', () => {
    const q = queue();
    q.scheduleRequestTimeoutCheck();
    const interval = jest.getTimerCount();
    expect(interval).toBe(1);
    const checks = jest.spyOn(q, 'isConnected');
    jest.advanceTimersByTime(REQUEST_TIMEOUT_CHECK_MS * 3);
    expect(checks).toHaveBeenCalledTimes(3);
    q.destroy();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('still times a request out, at most a check late', () => {
    const q = queue();
    const timedOut = jest.fn();
    q.inflight.set(7, { sentAt: Date.now(), requestTimeout: 10_000, timeoutRequest: timedOut });
    q.scheduleRequestTimeoutCheck();
    jest.advanceTimersByTime(10_000);
    expect(timedOut).not.toHaveBeenCalled();
    jest.advanceTimersByTime(REQUEST_TIMEOUT_CHECK_MS);
    expect(timedOut).toHaveBeenCalledTimes(1);
    q.destroy();
  });
});
