/**
 * Two timers of kafkajs 2.2.4 (its last release; the project is unmaintained) that keep an idle
 * process awake, corrected in place once per process before the first client is made:
 *
 * - `RequestQueue.scheduleCheckPendingRequests` arms a timer for `throttledUntil - now` even when
 *   nothing is pending and nothing throttled: `throttledUntil` is -1, the delay is negative, Node
 *   makes it 1 ms, and the callback arms it again. Every connection spins at 1 ms for its whole
 *   life (about 900 wake-ups a second per process, most of its idle CPU; tulios/kafkajs#1556 and
 *   #1751, the fix of #1667 never released). Here a check is armed only while a request waits in
 *   the queue, as the original intends; a request that cannot go out at once is queued by `push`,
 *   which schedules the check, and an answer or a timeout checks the queue again.
 * - Each connection checks its in-flight requests for a timeout every 100 ms. The requests
 *   here time out after seconds (KAFKA requestTimeout 10 s, a fetch after its long poll plus
 *   that), so once a second is exact enough: a timeout is seen at most 1 s late.
 *
 * Only for the version read here: a new kafkajs must be looked at again (the spec fails first).
 */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';
/** The original's delay for a queued request when no throttle is in effect. */
const CHECK_PENDING_REQUESTS_MS = 10;
/** How often a connection looks for in-flight requests past their timeout (kafkajs: 100 ms). */
export const REQUEST_TIMEOUT_CHECK_MS = 1000;

interface SocketRequestLike {
  sentAt: number;
  requestTimeout: number;
  timeoutRequest(): void;
}

/** The fields of kafkajs' RequestQueue the two methods below use (src/network/requestQueue). */
export interface RequestQueueLike {
  pending: unknown[];
  inflight: Map<number, SocketRequestLike>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  requestTimeout: number;
  enforceRequestTimeout: boolean;
  isConnected(): boolean;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
  destroy(): void;
}

export function scheduleCheckPendingRequests(this: RequestQueueLike): void {
  // nothing waits: push() schedules for the next queued request, fulfilled ones check on their own
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const throttled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttled > 0 ? throttled : CHECK_PENDING_REQUESTS_MS,
  );
}

export function scheduleRequestTimeoutCheck(this: RequestQueueLike): void {
  if (!this.enforceRequestTimeout) return;
  this.destroy();
  this.requestTimeoutIntervalId = setInterval(
    () => {
      this.inflight.forEach((request) => {
        if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
      });
      if (!this.isConnected()) this.destroy();
    },
    Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS),
  );
}

let applied = false;

/**
 * Replaces the two methods on kafkajs' RequestQueue (the module every kafkajs client in this
 * process shares). Returns whether they are in place: false for another kafkajs version, which is
 * left as it is.
 */
export function quietKafkajsWhenIdle(): boolean {
  if (applied) return true;
  // deep requires of the package's own files: the bundles keep every node_modules path external,
  // so these are the very modules the clients load
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_KAFKAJS_VERSION) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as {
    prototype: RequestQueueLike;
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  RequestQueue.prototype.scheduleRequestTimeoutCheck = scheduleRequestTimeoutCheck;
  applied = true;
  return true;
}
