import { randomUUID } from 'node:crypto';
import { HeldClaims } from './held-claims.js';
import { responseBytes, type DoneRecord, type IdempotencyStore, type RunningRecord, type StoredResponse } from './store.js';

export interface IdempotencyTimings {
  /** How long answers (successes, non-retryable errors) are replayed: 24 h by contract. */
  keepMs: number;
  /**
   * Lease of an in-flight claim, renewed while its request runs. A claim whose lease lapsed without an answer
   * (its replica crashed, or was cut off from the store) never frees its key: duplicates get 'unknown'.
   */
  inFlightTtlMs: number;
  /** How long a duplicate waits for the first request before giving up (retryable). */
  waitMs: number;
  pollMs: number;
}

export interface IdempotencyOptions extends IdempotencyTimings {
  /** Largest answer kept for replay; a larger one is kept as an "answer not kept" marker. */
  maxAnswerBytes?: number;
  /** Bytes of answers one tenant may hold in this process while the store cannot take them. */
  maxHeldBytesPerTenant?: number;
  /** How often a failed store write is retried. */
  retryMs?: number;
  /** Told when the store fails (for the log); must not throw. */
  onStoreError?: (error: unknown) => void;
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
  /** The key's request ran, but its answer was too large to keep: nothing to replay, nothing run again. */
  | { kind: 'not-kept'; bytes: number }
  | { kind: 'reused' }
  | { kind: 'still-running' }
  /** The key's request may have reached the vendor, but its replica stopped before the answer was kept: not run again. */
  | { kind: 'unknown' };

export interface Idempotency {
  /** Runs `execute` at most once per key while its answer is kept. */
  run(key: string, fingerprint: string, execute: () => Promise<StoredResponse>): Promise<IdempotentOutcome>;
  held: HeldClaims;
  close(): void;
}

/**
 * A duplicate of a running request waits (bounded by `waitMs`): on the replica that runs it, for the
 * answer this replica holds (held-claims.ts), even while the store is unreachable; elsewhere by polling
 * the store. If the first one's answer was not kept (retryable error), the duplicate claims the key and
 * runs anew itself.
 */
export function createIdempotency(store: IdempotencyStore, options: IdempotencyOptions): Idempotency {
  const held = new HeldClaims(store, {
    inFlightTtlMs: options.inFlightTtlMs,
    keepMs: options.keepMs,
    retryMs: options.retryMs,
    maxBytesPerTenant: options.maxHeldBytesPerTenant,
    onStoreError: options.onStoreError,
  });
  const maxAnswerBytes = options.maxAnswerBytes ?? Number.POSITIVE_INFINITY;
  const answer = (done: DoneRecord): IdempotentOutcome =>
    done.response ? { kind: 'replay', response: done.response } : { kind: 'not-kept', bytes: done.bytes ?? 0 };

  const run = async (key: string, fingerprint: string, execute: () => Promise<StoredResponse>): Promise<IdempotentOutcome> => {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const local = held.get(key);
      if (local) {
        if (local.running.fingerprint !== fingerprint) return { kind: 'reused' };
        if (local.done) return answer(local.done);
        if (Date.now() >= deadline) return { kind: 'still-running' };
        await sleep(options.pollMs);
        continue;
      }
      const running: RunningRecord = { state: 'running', fingerprint, token: randomUUID() };
      let existing;
      try {
        existing = await store.claim(key, running, options.inFlightTtlMs);
      } catch (error) {
        // The claim may have landed although its reply was lost (a command timeout): drop it.
        void held.abandon(key, running);
        throw new IdempotencyStoreUnavailable(error);
      }
      if (existing === null) {
        // From here on the request may reach the vendor: the key is held until the store keeps its answer.
        held.begin(key, running);
        let response: StoredResponse;
        try {
          response = await execute();
        } catch (error) {
          await held.abandon(key, running);
          throw error;
        }
        if (!isKeptAnswer(response)) await held.abandon(key, running);
        else {
          const bytes = responseBytes(response);
          await held.finish(key, bytes > maxAnswerBytes ? { state: 'done', fingerprint, response: null, bytes } : { state: 'done', fingerprint, response });
        }
        // The mutation has run: its answer goes to the client whether or not the store has it yet.
        return { kind: 'fresh', response };
      }
      if (existing.fingerprint !== fingerprint) return { kind: 'reused' };
      if (existing.state === 'orphaned') return { kind: 'unknown' };
      if (existing.state === 'done') return answer(existing);
      if (Date.now() >= deadline) return { kind: 'still-running' };
      await sleep(options.pollMs);
    }
  };
  return { run, held, close: () => held.close() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kept: successes, non-retryable errors, and any answer in which a mutation field succeeded (a
 * document with several mutation fields is never partly re-run). Not kept, so a retry runs anew: an
 * answer whose every failed field failed retryably and no field succeeded (or an unreadable 5xx).
 */
export function isKeptAnswer(response: StoredResponse): boolean {
  let body: { data?: unknown; errors?: unknown } | null;
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    return response.status < 500;
  }
  const errors = Array.isArray(body?.errors) ? (body.errors as Array<{ path?: unknown; extensions?: { retryable?: unknown } } | null>) : [];
  if (!errors.some((e) => e?.extensions?.retryable === true)) return true;
  const data = body?.data;
  if (data === null || typeof data !== 'object') return false;
  const failed = new Set(errors.map((e) => (Array.isArray(e?.path) ? e.path[0] : undefined)));
  return Object.keys(data).some((field) => !failed.has(field));
}
