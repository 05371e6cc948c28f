import { ErrorCode } from '../common/errors.js';
import { createSemaphore, type Semaphore } from './semaphore.js';
import { UpstreamRefusal } from './upstream-refusal.js';

export interface TenantConcurrencyOptions {
  /** Upstream calls one tenant may have in flight. */
  limit: number;
  /** Longest a call waits for a slot. */
  maxWaitMs: number;
}

export interface TenantConcurrency {
  run<T>(tenantId: string, call: () => Promise<T>): Promise<T>;
}

/** Calls allowed to queue per tenant, as a multiple of the limit: beyond it the wait is hopeless anyway. */
export const QUEUE_PER_SLOT = 8;

/**
 * Caps every upstream call of one tenant (GraphQL reads and writes, pollers) so that one tenant cannot
 * take every connection of the shared pools. Beyond the cap calls queue in arrival order; a call that
 * cannot get a slot in time (or finds the queue full) fails with RATE_LIMITED, retryable. Tenants come
 * from configuration, so the map of semaphores is bounded.
 */
function refuse(reason: 'queue-full' | 'wait-timeout'): UpstreamRefusal {
  return new UpstreamRefusal('tenant_concurrency', 'Too many Media Intelligence calls of this tenant are in flight; retry shortly', ErrorCode.RATE_LIMITED, {
    retryAfterSeconds: 1,
    detail: reason,
  });
}

export function createTenantConcurrency(options: TenantConcurrencyOptions): TenantConcurrency {
  const semaphores = new Map<string, Semaphore>();
  const semaphoreFor = (tenantId: string): Semaphore => {
    let semaphore = semaphores.get(tenantId);
    if (!semaphore) {
      semaphore = createSemaphore(options.limit, { maxWaiting: options.limit * QUEUE_PER_SLOT, maxWaitMs: options.maxWaitMs, refuse });
      semaphores.set(tenantId, semaphore);
    }
    return semaphore;
  };
  // The semaphore rejects with the refusal itself: no wrapper (an async function and its await) per call.
  return { run: (tenantId, call) => semaphoreFor(tenantId).run(call) };
}
