import { randomUUID } from 'node:crypto';
import type { IdempotencyStore, StoredResponse } from './store.js';

export interface IdempotencyTimings {
  /** How long answers (successes, non-retryable errors) are replayed: 24 h by contract. */
  keepMs: number;
  /** Lifetime of an in-flight claim: a crashed replica's claim frees the key after this. */
  inFlightTtlMs: number;
  /** How long a duplicate waits for the first request before giving up (retryable). */
  waitMs: number;
  pollMs: number;
}

/** The store could not be reached to claim a key: nothing ran, so the client may retry (HTTP 503). */
export class IdempotencyStoreUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super('idempotency store unavailable');
  }
}

export type IdempotentOutcome =
  | { kind: 'fresh'; response: StoredResponse }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'reused' }
  | { kind: 'still-running' };

/**
 * Runs `execute` at most once per key while its answer is kept. A duplicate of a running request polls
 * the store (bounded by `waitMs`); if the first one's answer was not kept (retryable error, crash), the
 * duplicate claims the key and runs anew itself.
 */
export async function runIdempotent(
  store: IdempotencyStore,
  key: string,
  fingerprint: string,
  execute: () => Promise<StoredResponse>,
  timings: IdempotencyTimings,
  onStoreError: (error: unknown) => void = () => {},
): Promise<IdempotentOutcome> {
  const deadline = Date.now() + timings.waitMs;
  for (;;) {
    const token = randomUUID();
    let existing;
    try {
      existing = await store.claim(key, { state: 'running', fingerprint, token }, timings.inFlightTtlMs);
    } catch (error) {
      throw new IdempotencyStoreUnavailable(error);
    }
    if (existing === null) {
      let response: StoredResponse;
      // A long request (many mutation fields, each waiting on the vendor) must not outlive its claim:
      // a retry would then claim the key and run it again. So the claim is renewed while it runs.
      const renewal = setInterval(() => void store.renew(key, token, timings.inFlightTtlMs).catch(onStoreError), Math.max(10, timings.inFlightTtlMs / 3));
      try {
        response = await execute();
      } catch (error) {
        await store.release(key, token).catch(onStoreError);
        throw error;
      } finally {
        clearInterval(renewal);
      }
      // The mutation has run: its answer goes to the client even if the store cannot keep it now.
      try {
        if (isRetryableAnswer(response)) await store.release(key, token);
        else await store.complete(key, token, { state: 'done', fingerprint, response }, timings.keepMs);
      } catch (error) {
        onStoreError(error);
      }
      return { kind: 'fresh', response };
    }
    if (existing.fingerprint !== fingerprint) return { kind: 'reused' };
    if (existing.state === 'done') return { kind: 'replay', response: existing.response };
    if (Date.now() >= deadline) return { kind: 'still-running' };
    await new Promise((resolve) => setTimeout(resolve, timings.pollMs));
  }
}

/** An answer carrying any `retryable: true` error (or an unreadable 5xx) is not kept, so a retry runs anew. */
export function isRetryableAnswer(response: StoredResponse): boolean {
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return response.status >= 500;
  }
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.some((e) => (e as { extensions?: { retryable?: unknown } } | null)?.extensions?.retryable === true);
}
