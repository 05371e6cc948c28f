import { Redis } from 'ioredis';

/**
 * One Redis connection for shared state (idempotency records, rate-limit counters, pollers).
 * Commands fail fast while Redis is down instead of queueing without bound.
 */
export function createRedis(url: string, name = 'mi-gateway'): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 3_000,
    lazyConnect: false,
  });
}

export type { Redis };
