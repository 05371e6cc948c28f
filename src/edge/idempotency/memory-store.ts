import { KEEP_MS, responseBytes, type DoneRecord, type IdempotencyRecord, type IdempotencyStore, type RunningRecord } from './store.js';

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
  /** Bytes of the kept answer (0 for claims and markers). */
  bytes: number;
  /** A claim's lease (undefined for answers): past it, without an answer, the claim is orphaned (store.ts). */
  leaseUntil: number | undefined;
}

interface Tenant {
  entries: Map<string, Entry>;
  bytes: number;
}

export interface MemoryStoreLimits {
  /** Records per tenant; past it the tenant's oldest finished record is dropped. */
  maxEntriesPerTenant?: number | undefined;
  /** Bytes of kept answers per tenant; past it the oldest answers give way to markers (the key stays used). */
  maxBytesPerTenant?: number | undefined;
}

/**
 * One process's records, bounded per tenant (keys are `<tenantId>:<hash>`, src/edge/request-guard.ts)
 * by count and by answer bytes. Past `maxEntriesPerTenant` a tenant's oldest finished record is dropped
 * first (a Map keeps insertion order); past `maxBytesPerTenant` its oldest answers are replaced by
 * "answer not kept" markers, so those keys still never run twice. A tenant can only ever push out its
 * own records, never another tenant's, and an in-flight claim is never evicted (that could let a
 * duplicate run the mutation a second time).
 */
export function createMemoryIdempotencyStore(limits: MemoryStoreLimits = {}, now: () => number = Date.now): IdempotencyStore & { bytes(): number } {
  const maxEntries = limits.maxEntriesPerTenant ?? 20_000;
  const maxBytes = limits.maxBytesPerTenant ?? Number.POSITIVE_INFINITY;
  const tenants = new Map<string, Tenant>();
  const tenantOf = (key: string): Tenant => {
    const id = key.slice(0, Math.max(0, key.indexOf(':')));
    let tenant = tenants.get(id);
    if (!tenant) tenants.set(id, (tenant = { entries: new Map(), bytes: 0 }));
    return tenant;
  };
  const drop = (tenant: Tenant, key: string) => {
    const entry = tenant.entries.get(key);
    if (!entry) return;
    tenant.bytes -= entry.bytes;
    tenant.entries.delete(key);
  };
  const live = (key: string): Entry | undefined => {
    const tenant = tenantOf(key);
    const entry = tenant.entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      drop(tenant, key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, record: IdempotencyRecord, ttlMs: number, leaseUntil?: number) => {
    const tenant = tenantOf(key);
    drop(tenant, key);
    const bytes = record.state === 'done' ? responseBytes(record.response) : 0;
    tenant.entries.set(key, { record, expiresAt: now() + ttlMs, bytes, leaseUntil });
    tenant.bytes += bytes;
    if (tenant.entries.size > maxEntries) {
      for (const [oldest, entry] of tenant.entries) {
        if (tenant.entries.size <= maxEntries) break;
        if (entry.expiresAt <= now() || entry.record.state === 'done') drop(tenant, oldest);
      }
    }
    if (tenant.bytes > maxBytes) {
      for (const entry of tenant.entries.values()) {
        if (tenant.bytes <= maxBytes) break;
        if (entry.record.state !== 'done' || entry.bytes === 0) continue;
        entry.record = { state: 'done', fingerprint: entry.record.fingerprint, response: null, bytes: entry.bytes };
        tenant.bytes -= entry.bytes;
        entry.bytes = 0;
      }
    }
  };
  const holds = (key: string, running: RunningRecord) => {
    const record = live(key)?.record;
    return record?.state === 'running' && record.token === running.token;
  };
  return {
    async claim(key, running, leaseMs) {
      const entry = live(key);
      if (entry) {
        const orphaned = entry.record.state === 'running' && entry.leaseUntil !== undefined && entry.leaseUntil <= now();
        return orphaned ? { state: 'orphaned', fingerprint: entry.record.fingerprint } : entry.record;
      }
      put(key, running, KEEP_MS, now() + leaseMs);
      return null;
    },
    async complete(key, running, done: DoneRecord, ttlMs) {
      const entry = live(key);
      if (entry && !holds(key, running)) return entry.record === done;
      put(key, done, ttlMs);
      return true;
    },
    async renew(key, running, leaseMs) {
      const entry = live(key);
      if (!entry) put(key, running, KEEP_MS, now() + leaseMs);
      else if (holds(key, running)) entry.leaseUntil = now() + leaseMs;
      else return false;
      return true;
    },
    async release(key, running) {
      if (holds(key, running)) drop(tenantOf(key), key);
    },
    bytes() {
      let total = 0;
      for (const tenant of tenants.values()) total += tenant.bytes;
      return total;
    },
  };
}
