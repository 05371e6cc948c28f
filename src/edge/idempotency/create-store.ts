import type { Redis } from '../../common/redis.js';
import { createMemoryIdempotencyStore } from './memory-store.js';
import { createRedisIdempotencyStore } from './redis-store.js';
import type { IdempotencyTimings } from './run-idempotent.js';
import { KEEP_MS, type IdempotencyStore } from './store.js';

/** Redis when the replicas share one (REDIS_URL), else this process's memory. */
export function createIdempotencyStore(redis: Redis | null, maxMemoryBytesPerTenant?: number): IdempotencyStore {
  return redis ? createRedisIdempotencyStore(redis) : createMemoryIdempotencyStore({ maxBytesPerTenant: maxMemoryBytesPerTenant });
}

/**
 * A first request can take up to the upstream headers timeout plus the body timeout; duplicates wait
 * that long (and a bit). A claim's lease (`inFlightTtlMs`) is twice that, renewed every third of it
 * while the request runs: only a holder that stopped (crashed, or cut off from the store) lets it lapse.
 */
export function idempotencyTimings(upstreamTimeoutMs: number): IdempotencyTimings {
  const firstRequestMs = 2 * upstreamTimeoutMs + 5_000;
  return { keepMs: KEEP_MS, waitMs: firstRequestMs, inFlightTtlMs: 2 * firstRequestMs, pollMs: 25 };
}
