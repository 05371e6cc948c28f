/**
 * Apollo's APQ store (`persistedQueries.cache`), kept here so that the idempotency check can read a
 * hash-only request's document too. Apollo writes keys as `apq:<sha256>` once a text has parsed and
 * validated. Bounded LRU by entries and by total characters; a text longer than `maxValueLength` is not
 * kept at all (comments do not count against the token cap, so a valid document can be as long as the
 * body cap allows): a later hash-only request for it gets PERSISTED_QUERY_NOT_FOUND and the client sends
 * the text again, as APQ clients do.
 */
export interface PersistedQueryCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** The query text registered under an APQ hash, if this replica has seen it. */
  lookup(sha256Hash: string): Promise<string | undefined>;
}

export interface PersistedQueryBounds {
  maxEntries?: number;
  /** Characters of query text kept in all. */
  maxChars?: number;
  /** Longest single text kept. */
  maxValueLength?: number;
}

export function createPersistedQueryCache(bounds: PersistedQueryBounds = {}): PersistedQueryCache {
  const maxEntries = bounds.maxEntries ?? 10_000;
  const maxChars = bounds.maxChars ?? 16_000_000;
  const maxValueLength = bounds.maxValueLength ?? 65_536;
  const entries = new Map<string, string>();
  let chars = 0;
  const remove = (key: string): boolean => {
    const value = entries.get(key);
    if (value === undefined) return false;
    chars -= value.length;
    return entries.delete(key);
  };
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
      remove(key);
      if (value.length > maxValueLength) return;
      entries.set(key, value);
      chars += value.length;
      while (entries.size > maxEntries || chars > maxChars) remove(entries.keys().next().value!);
    },
    async delete(key) {
      return remove(key);
    },
    lookup: (sha256Hash) => cache.get(`apq:${sha256Hash}`),
  };
  return cache;
}
