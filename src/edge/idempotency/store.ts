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

/** Where idempotency records live: this process (memory-store.ts) or Redis shared by replicas (redis-store.ts). */
export interface IdempotencyStore {
  /**
   * Atomically stores `running` if the key is free (null); otherwise returns the record already there.
   * Throws when the store cannot be reached, or cannot yet tell whether the key is free (Redis restarted).
   */
  claim(key: string, running: RunningRecord, ttlMs: number): Promise<IdempotencyRecord | null>;
  /**
   * Stores the final answer in place of the claim `running`, or where the key is free (the store lost
   * the claim: Redis restarted). False when the key holds another request's record (nothing written).
   */
  complete(key: string, running: RunningRecord, done: DoneRecord, ttlMs: number): Promise<boolean>;
  /** Drops the claim `running` (the answer is not kept), so a retry runs anew; nothing if the claim is gone. */
  release(key: string, running: RunningRecord): Promise<void>;
  /** Extends the claim `running` (re-stores it where the key is free); false when another record holds the key. */
  renew(key: string, running: RunningRecord, ttlMs: number): Promise<boolean>;
  /** Calls `listener` each time the store is reachable again after an outage (Redis reconnected). */
  onReconnect?(listener: () => void): void;
}

/** UTF-8 bytes of a kept answer (body and headers), as the byte caps count them. */
export function responseBytes(response: StoredResponse | null): number {
  if (response === null) return 0;
  let bytes = Buffer.byteLength(response.body);
  for (const [name, value] of response.headers) bytes += name.length + value.length;
  return bytes;
}
