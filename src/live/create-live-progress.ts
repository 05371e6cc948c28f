import type { Config } from '../config/config.js';
import type { Logger } from '../observability/logger.js';
import { createRedis } from '../common/redis.js';
import { PollerRegistry } from './poller-registry.js';
import type { LiveProgress } from './live-progress.js';
import { RedisProgress } from './redis-poller.js';
import { TargetLimitedProgress } from './target-limit.js';

type LiveConfig = Pick<Config, 'pollIntervalMs' | 'redisUrl'> & Partial<Pick<Config, 'redisTimeoutMs'>>;

/**
 * In memory for one replica; shared through Redis (one poller per asset across replicas) when REDIS_URL is set.
 * Either way each tenant's distinct targets are capped per replica (its live.maxTargets).
 */
export function createLiveProgress(config: LiveConfig, log: Logger): LiveProgress {
  return new TargetLimitedProgress(createSharedOrLocal(config, log));
}

function createSharedOrLocal(config: LiveConfig, log: Logger): LiveProgress {
  const intervalMs = config.pollIntervalMs;
  if (config.redisUrl === null) return new PollerRegistry({ intervalMs, log });
  const redis = createRedis(config.redisUrl, 'mi-gateway-live', config.redisTimeoutMs);
  const subscriber = createRedis(config.redisUrl, 'mi-gateway-live-subscriber', config.redisTimeoutMs);
  // ioredis reconnects on its own (and re-subscribes); an error event is news for the log, not a crash.
  for (const client of [redis, subscriber]) client.on('error', (error: Error) => log.warn({ err: error }, 'live progress: Redis connection error'));
  return new RedisProgress({ intervalMs, log, redis, subscriber });
}
