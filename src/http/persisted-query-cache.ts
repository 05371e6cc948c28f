/**
 * Apollo's APQ store (`persistedQueries.cache`), kept here so that the idempotency check can read a
 * hash-only request's document too. Apollo writes keys as `apq:<sha256>`. Bounded LRU by entry count.
 */
export interface PersistedQueryCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** The query text registered under an APQ hash, if this replica has seen it. */
  lookup(sha256Hash: string): Promise<string | undefined>;
}

export function createPersistedQueryCache(maxEntries = 10_000): PersistedQueryCache {
  const entries = new Map<string, string>();
  const cache: PersistedQueryCache = {
    async get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    async set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    async delete(key) {
      return entries.delete(key);
    },
    lookup: (sha256Hash) => cache.get(`apq:${sha256Hash}`),
  };
  return cache;
}
