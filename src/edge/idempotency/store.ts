/** A buffered GraphQL HTTP answer, as replayed to a duplicate. */
export interface StoredResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export type RunningRecord = { state: 'running'; fingerprint: string; token: string };
/**
 * A finished key. `response: null`: the mutation ran but its answer was too large to keep
 * (`bytes` long); the key still blocks a second run, and a replay is refused (request-guard.ts).
 */
export type DoneRecord = { state: 'done'; fingerprint: string; response: StoredResponse | null; bytes?: number };
export type IdempotencyRecord = RunningRecord | DoneRecord;
/**
 * What `claim` finds where a claim outlived its lease without an answer: its holder stopped renewing it (the
 * replica crashed, or was cut off from the store for longer than the lease) while its request may have reached
 * the vendor. The key never runs again while the store keeps the claim (run-idempotent.ts answers 'unknown').
 */
export type OrphanedRecord = { state: 'orphaned'; fingerprint: string };

/**
 * Where idempotency records live: this process (memory-store.ts) or Redis shared by replicas (redis-store.ts).
 * A claim has a lease (`leaseMs`), renewed by its holder while the request runs (held-claims.ts); the claim
 * itself is kept as long as answers are (24 h), so a claim whose lease lapsed is found orphaned, not free.
 */
export interface IdempotencyStore {
  /**
   * Atomically stores `running` with a lease of `leaseMs` if the key is free (null); otherwise returns the
   * record already there (orphaned if its lease lapsed). Throws when the store cannot be reached, or cannot
   * yet tell whether the key is free (Redis restarted).
   */
  claim(key: string, running: RunningRecord, leaseMs: number): Promise<IdempotencyRecord | OrphanedRecord | null>;
  /**
   * Stores the final answer in place of the claim `running`, or where the key is free (the store lost
   * the claim: Redis restarted). False when the key holds another request's record (nothing written).
   */
  complete(key: string, running: RunningRecord, done: DoneRecord, ttlMs: number): Promise<boolean>;
  /** Drops the claim `running` (the answer is not kept), so a retry runs anew; nothing if the claim is gone. */
  release(key: string, running: RunningRecord): Promise<void>;
  /** Renews the lease of the claim `running` (re-stores the claim where the key is free); false when another record holds the key. */
  renew(key: string, running: RunningRecord, leaseMs: number): Promise<boolean>;
  /** Calls `listener` each time the store is reachable again after an outage (Redis reconnected). */
  onReconnect?(listener: () => void): void;
}

/** How long answers are replayed (CONTRACT.md, 24 h), and so how long a claim without an answer blocks its key. */
export const KEEP_MS = 24 * 60 * 60 * 1000;

/** UTF-8 bytes of a kept answer (body and headers), as the byte caps count them. */
export function responseBytes(response: StoredResponse | null): number {
  if (response === null) return 0;
  let bytes = Buffer.byteLength(response.body);
  for (const [name, value] of response.headers) bytes += name.length + value.length;
  return bytes;
}
