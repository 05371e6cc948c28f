import type { Redis } from '../../common/redis.js';
import { createMemoryIdempotencyStore } from './memory-store.js';
import { createRedisIdempotencyStore } from './redis-store.js';
import type { IdempotencyTimings } from './run-idempotent.js';
import type { IdempotencyStore } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Redis when the replicas share one (REDIS_URL), else this process's memory. */
export function createIdempotencyStore(redis: Redis | null, maxMemoryBytesPerTenant?: number): IdempotencyStore {
  return redis ? createRedisIdempotencyStore(redis) : createMemoryIdempotencyStore({ maxBytesPerTenant: maxMemoryBytesPerTenant });
}

/**
 * A first request can take up to the upstream headers timeout plus the body timeout; duplicates wait
 * that long (and a bit), and a claim outlives it so that a slow first request is never run twice.
 */
export function idempotencyTimings(upstreamTimeoutMs: number): IdempotencyTimings {
  const firstRequestMs = 2 * upstreamTimeoutMs + 5_000;
  return { keepMs: DAY_MS, waitMs: firstRequestMs, inFlightTtlMs: 2 * firstRequestMs, pollMs: 25 };
}
