import { Redis } from 'ioredis';

/**
 * One Redis connection for shared state (idempotency records, rate-limit counters, pollers).
 * Every command is bounded by `timeoutMs` (ioredis `commandTimeout`, also while it waits in the
 * offline queue during a reconnect), and so is each connect attempt; reconnects follow every 100 ms
 * more, at most 1 s apart. A frozen or unreachable Redis thus fails each command within `timeoutMs`,
 * and callers fall back (README, "Redis").
 */
export function createRedis(url: string, name = 'mi-gateway', timeoutMs = 1_000): Redis {
  return new Redis(url, {
    connectionName: name,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    lazyConnect: false,
  });
}

export type { Redis };
