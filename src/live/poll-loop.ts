import { ErrorCode, RETRYABLE, type GatewayError } from '../common/errors.js';
import type { Logger } from '../observability/logger.js';
import { asGatewayError, type LiveStatus } from './live-progress.js';

/** Retryable failures in a row before subscribers hear of them (one slow or failed read is routine). */
export const FAILURES_BEFORE_REPORT = 3;
/** Upper bound of the exponential backoff; a vendor's Retry-After may ask for longer and is honoured. */
export const MAX_BACKOFF_MS = 30_000;

export interface PollLoopOptions {
  intervalMs: number;
  poll(signal: AbortSignal): Promise<LiveStatus>;
  /** Every successful read (deduplication is the caller's). */
  onStatus(status: LiveStatus): void;
  /** While true for each read in a row, the interval doubles per read up to MAX_BACKOFF_MS (e.g. WAIT_SUMMARIZE). */
  backoffWhile?: (status: LiveStatus) => boolean;
  /** After FAILURES_BEFORE_REPORT retryable failures in a row (once per streak), or at once for a non-retryable one. */
  onError(error: GatewayError): void;
  log: Logger;
  /** Written on each failure line (tenant, asset, request id). */
  logFields?: Record<string, string> | undefined;
}

export interface PollLoop {
  /** Stops timers and aborts a read in flight; nothing is reported afterwards. */
  stop(): void;
}

/**
 * Reads at once, then every intervalMs after the previous read ended (so reads never overlap), backing
 * off on 429 (Retry-After), 5xx and timeouts. A non-retryable error (NOT_FOUND, UPSTREAM_AUTH_FAILED, …)
 * is reported and ends the loop: asking again cannot change the answer.
 */
export function startPollLoop(options: PollLoopOptions): PollLoop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let waiting = 0;

  const run = async (): Promise<void> => {
    timer = undefined;
    let delayMs = options.intervalMs;
    try {
      const status = await options.poll(controller.signal);
      if (controller.signal.aborted) return;
      failures = 0;
      waiting = options.backoffWhile?.(status) ? waiting + 1 : 0;
      if (waiting > 0) delayMs = Math.min(options.intervalMs * 2 ** waiting, Math.max(options.intervalMs, MAX_BACKOFF_MS));
      options.onStatus(status);
    } catch (thrown) {
      if (controller.signal.aborted) return;
      const error = asGatewayError(thrown);
      failures += 1;
      options.log.warn({ ...options.logFields, code: error.code, failures }, 'analysis status poll failed');
      if (!RETRYABLE[error.code]) return options.onError(error);
      if (failures === FAILURES_BEFORE_REPORT) options.onError(error);
      delayMs = backoffMs(error, failures, options.intervalMs);
    }
    if (controller.signal.aborted) return;
    timer = setTimeout(() => void run(), delayMs);
    timer.unref();
  };
  void run();

  return {
    stop() {
      controller.abort();
      if (timer) clearTimeout(timer);
    },
  };
}

export function backoffMs(error: GatewayError, failures: number, intervalMs: number): number {
  const retryAfterSeconds = error.extensions.retryAfterSeconds;
  if (error.code === ErrorCode.RATE_LIMITED && typeof retryAfterSeconds === 'number') {
    return Math.max(intervalMs, retryAfterSeconds * 1000);
  }
  return Math.min(intervalMs * 2 ** failures, Math.max(intervalMs, MAX_BACKOFF_MS));
}
