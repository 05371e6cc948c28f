/** A buffered GraphQL HTTP answer, as replayed to a duplicate. */
export interface StoredResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export type IdempotencyRecord =
  | { state: 'running'; fingerprint: string; token: string }
  | { state: 'done'; fingerprint: string; response: StoredResponse };

/** Where idempotency records live: this process (memory-store.ts) or Redis shared by replicas (redis-store.ts). */
export interface IdempotencyStore {
  /** Atomically stores `running` if the key is free (null); otherwise returns the record already there. */
  claim(key: string, running: Extract<IdempotencyRecord, { state: 'running' }>, ttlMs: number): Promise<IdempotencyRecord | null>;
  /** Replaces the claim holding `token` by the final answer; does nothing if the claim is gone. */
  complete(key: string, token: string, done: Extract<IdempotencyRecord, { state: 'done' }>, ttlMs: number): Promise<void>;
  /** Drops the claim holding `token` (the answer is not kept), so a retry runs anew. */
  release(key: string, token: string): Promise<void>;
  /** Extends the claim holding `token` while its request still runs; does nothing if the claim is gone. */
  renew(key: string, token: string, ttlMs: number): Promise<void>;
}
