import type { IdempotencyRecord, IdempotencyStore } from './store.js';

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
}

/**
 * One process's records. Bounded: past `maxEntries` the oldest record is dropped first (a Map keeps
 * insertion order), and expired records are swept as new ones arrive.
 */
export function createMemoryIdempotencyStore(maxEntries = 100_000, now: () => number = Date.now): IdempotencyStore {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, record: IdempotencyRecord, ttlMs: number) => {
    entries.delete(key);
    entries.set(key, { record, expiresAt: now() + ttlMs });
    for (const [oldest, entry] of entries) {
      if (entries.size <= maxEntries && entry.expiresAt > now()) break;
      entries.delete(oldest);
    }
  };
  const holds = (key: string, token: string) => {
    const record = live(key)?.record;
    return record?.state === 'running' && record.token === token;
  };
  return {
    async claim(key, running, ttlMs) {
      const entry = live(key);
      if (entry) return entry.record;
      put(key, running, ttlMs);
      return null;
    },
    async complete(key, token, done, ttlMs) {
      if (holds(key, token)) put(key, done, ttlMs);
    },
    async release(key, token) {
      if (holds(key, token)) entries.delete(key);
    },
  };
}
