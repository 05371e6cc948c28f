import type { IdempotencyRecord, IdempotencyStore } from './store.js';

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
}

/**
 * One process's records, bounded per tenant (keys are `<tenantId>:<hash>`, src/http/request-guard.ts):
 * past `maxEntriesPerTenant` a tenant's oldest finished record is dropped first (a Map keeps insertion
 * order). So a tenant can only ever push out its own records, never another tenant's, and an in-flight
 * claim is never evicted (that could let a duplicate run the mutation a second time).
 */
export function createMemoryIdempotencyStore(maxEntriesPerTenant = 20_000, now: () => number = Date.now): IdempotencyStore {
  const tenants = new Map<string, Map<string, Entry>>();
  const entriesOf = (key: string): Map<string, Entry> => {
    const tenant = key.slice(0, Math.max(0, key.indexOf(':')));
    let entries = tenants.get(tenant);
    if (!entries) tenants.set(tenant, (entries = new Map()));
    return entries;
  };
  const live = (key: string): Entry | undefined => {
    const entries = entriesOf(key);
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, record: IdempotencyRecord, ttlMs: number) => {
    const entries = entriesOf(key);
    entries.delete(key);
    entries.set(key, { record, expiresAt: now() + ttlMs });
    if (entries.size <= maxEntriesPerTenant) return;
    for (const [oldest, entry] of entries) {
      if (entries.size <= maxEntriesPerTenant) break;
      if (entry.expiresAt <= now() || entry.record.state === 'done') entries.delete(oldest);
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
    async renew(key, token, ttlMs) {
      const entry = holds(key, token) ? entriesOf(key).get(key) : undefined;
      if (entry) entry.expiresAt = now() + ttlMs;
    },
    async release(key, token) {
      if (holds(key, token)) entriesOf(key).delete(key);
    },
  };
}
