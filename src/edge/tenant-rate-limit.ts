import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from '../common/redis.js';
import type { RateLimit, Tenant } from '../config/tenants.js';

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface TenantRateLimiter {
  /** Counts one GraphQL request of the tenant; tenants without `rateLimit` are always allowed. */
  consume(tenant: Tenant): Promise<RateLimitVerdict>;
}

export interface TenantRateLimiterOptions {
  /** Shared counters across replicas; null = this process only. */
  redis: Redis | null;
  keyPrefix?: string;
}

/**
 * Fixed-window counter per tenant (CONTRACT.md, "Tenants file", rateLimit).
 *
 * Why consume-then-judge rather than check-then-consume: the increment is one atomic step (Redis:
 * SET NX EX + INCRBY in one Lua script; memory: one synchronous update), so two replicas can never
 * both see "one left" and both pass; at most `requests` increments land at or below the cap in a window.
 *
 * Why rejected requests "do not count": a rejected increment lands above the cap and never touches the
 * window's expiry (no blockDuration, no execEvenly), so it cannot displace an admitted request in this
 * window or any later one; the next window starts from zero. (Undoing it with a decrement would be
 * worse: a decrement landing after the window rolled over would hand out an extra request.)
 */
export function createTenantRateLimiter(options: TenantRateLimiterOptions): TenantRateLimiter {
  const prefix = options.keyPrefix ?? 'mi-gateway:rl';
  const limiters = new Map<string, RateLimiterAbstract>();

  const limiterFor = (tenant: Tenant, limit: RateLimit): RateLimiterAbstract => {
    let limiter = limiters.get(tenant.id);
    if (!limiter) {
      const base = { keyPrefix: `${prefix}:${tenant.id}`, points: limit.requests, duration: limit.perSeconds };
      limiter = options.redis
        ? new RateLimiterRedis({
            ...base,
            storeClient: options.redis,
            // While Redis is unreachable each replica keeps counting on its own rather than failing every
            // request; a frozen Redis is given up after REDIS_TIMEOUT_MS (src/common/redis.ts).
            insuranceLimiter: new RateLimiterMemory(base),
          })
        : new RateLimiterMemory(base);
      limiters.set(tenant.id, limiter);
    }
    return limiter;
  };

  return {
    async consume(tenant) {
      if (!tenant.rateLimit) return { allowed: true };
      try {
        await limiterFor(tenant, tenant.rateLimit).consume('requests', 1);
        return { allowed: true };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
  };
}
