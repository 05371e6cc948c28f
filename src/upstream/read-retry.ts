import { DelegateBackoff, handleWhen, retry } from 'cockatiel';
import { ErrorCode, isGatewayError } from '../common/errors.js';
import { isUpstreamRefusal } from './upstream-refusal.js';

export interface ReadRetryOptions {
  /** Extra attempts after the first (0: never retry). */
  retries: number;
  /** No retry starts, or waits, past this long after the first attempt began. */
  deadlineMs: number;
  /** A 429 asking for a longer wait than this is answered at once. */
  retryAfterMaxMs: number;
  /** Full jitter: the n-th retry waits a uniform random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export interface ReadRetry {
  /** Runs `attempt` (1-based number given) until it succeeds, fails for good, or the budget is spent. */
  run<T>(attempt: (attemptNo: number) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export const RETRY_BASE_DELAY_MS = 100;
export const RETRY_MAX_DELAY_MS = 1_000;

/**
 * Retries for idempotent reads only (the caller decides which calls are reads; a POST never comes
 * here). Retried: timeouts, 5xx, connection failures and unreadable answers, and a 429 whose
 * Retry-After fits under `retryAfterMaxMs` (waited out exactly). Not retried: 4xx answers, and
 * refusals made by the gateway itself (open circuit, tenant concurrency). Exponential backoff with
 * full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), via cockatiel's retry policy.
 */
export function createReadRetry(options: ReadRetryOptions): ReadRetry {
  const baseDelayMs = options.baseDelayMs ?? RETRY_BASE_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? RETRY_MAX_DELAY_MS;
  const random = options.random ?? Math.random;

  const delayFor = (error: unknown, retryNo: number): number | null => {
    if (!isGatewayError(error) || isUpstreamRefusal(error)) return null;
    switch (error.code) {
      case ErrorCode.UPSTREAM_TIMEOUT:
      case ErrorCode.UPSTREAM_UNAVAILABLE:
        return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retryNo - 1)));
      case ErrorCode.RATE_LIMITED: {
        const waitMs = (error.extensions.retryAfterSeconds ?? 1) * 1000;
        return waitMs <= options.retryAfterMaxMs ? waitMs : null;
      }
      default:
        return null;
    }
  };

  return {
    async run(attempt, signal) {
      if (options.retries === 0) return attempt(1);
      const started = performance.now();
      let attempts = 0;
      let nextDelayMs = 0;
      // The policy is per call: its predicate decides the next wait, so that a retry whose wait would
      // end past the deadline is not made at all (the last real failure is answered instead).
      const policy = retry(
        handleWhen((error) => {
          const delayMs = delayFor(error, attempts);
          if (delayMs === null || performance.now() - started + delayMs >= options.deadlineMs) return false;
          nextDelayMs = delayMs;
          return true;
        }),
        { maxAttempts: options.retries, backoff: new DelegateBackoff(() => nextDelayMs) },
      );
      return policy.execute(() => {
        attempts += 1;
        return attempt(attempts);
      }, signal);
    },
  };
}
