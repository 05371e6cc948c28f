import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../../src/common/errors.js';
import { createEventQueue } from '../../../src/live/event-queue.js';
import { backoffMs, MAX_BACKOFF_MS } from '../../../src/live/poll-loop.js';

describe('backoffMs', () => {
  const unavailable = new GatewayError('down', ErrorCode.UPSTREAM_UNAVAILABLE);

  it('doubles per failure from the interval, capped', () => {
    expect([1, 2, 3].map((n) => backoffMs(unavailable, n, 100))).toEqual([200, 400, 800]);
    expect(backoffMs(unavailable, 30, 100)).toBe(MAX_BACKOFF_MS);
  });

  it('honours the vendor’s Retry-After on 429, and never polls faster than the interval', () => {
    expect(backoffMs(new GatewayError('slow down', ErrorCode.RATE_LIMITED, { retryAfterSeconds: 7 }), 1, 100)).toBe(7_000);
    expect(backoffMs(new GatewayError('slow down', ErrorCode.RATE_LIMITED, { retryAfterSeconds: 1 }), 1, 2_000)).toBe(2_000);
  });

  it('treats timeouts like other retryable failures', () => {
    expect(backoffMs(new GatewayError('slow', ErrorCode.UPSTREAM_TIMEOUT), 2, 500)).toBe(2_000);
  });
});

describe('createEventQueue', () => {
  it('delivers pushed values in order, then completes after end()', async () => {
    let stopped = 0;
    const queue = createEventQueue<number>(() => stopped++);
    queue.push(1);
    const pending = queue.next();
    queue.push(2);
    queue.end();
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(stopped).toBe(1);
  });

  it('runs onStop once when the consumer leaves early, and drops later pushes', async () => {
    let stopped = 0;
    const queue = createEventQueue<number>(() => stopped++);
    const pending = queue.next();
    await queue.return!();
    queue.push(3);
    queue.end();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(stopped).toBe(1);
  });
});
