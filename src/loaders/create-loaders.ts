import DataLoader from 'dataloader';
import type { TenantVendor } from '../upstream/client.js';
import type { VendorEnvelope } from '../upstream/types.js';
import { createSemaphore, type Semaphore } from '../upstream/semaphore.js';

/** One upstream GET: the request-target (the cache key) and a bounded label for logs and metrics. */
export interface VendorGet {
  path: string;
  endpoint: string;
}

/**
 * Per GraphQL request (graphql/dataloader README: caches belong to one caller). The vendor view is
 * already tenant-scoped, so the request-target alone identifies a resource: the same GET asked twice
 * in one request goes upstream once. Nothing outlives the request.
 */
export interface Loaders {
  vendorGet: DataLoader<VendorGet, VendorEnvelope<unknown>, string>;
  /** Forget every answer of this request, after a mutation changed upstream state. */
  forget(): void;
}

export const DEFAULT_MAX_CONCURRENT_GETS_PER_TENANT = 8;

export interface LoaderFactoryOptions {
  maxConcurrentGetsPerTenant?: number;
}

/**
 * Made once per gateway. The per-tenant semaphores are its only state: they cap how many upstream GETs
 * one tenant has in flight (over all its concurrent GraphQL requests), so one query over a long asset
 * list cannot fire hundreds of calls at once. They hold no data.
 */
export function createLoaderFactory(options: LoaderFactoryOptions = {}): (vendor: TenantVendor) => Loaders {
  const limit = options.maxConcurrentGetsPerTenant ?? DEFAULT_MAX_CONCURRENT_GETS_PER_TENANT;
  const semaphores = new Map<string, Semaphore>();
  const semaphoreFor = (tenantId: string): Semaphore => {
    let semaphore = semaphores.get(tenantId);
    if (!semaphore) {
      semaphore = createSemaphore(limit);
      semaphores.set(tenantId, semaphore);
    }
    return semaphore;
  };

  return (vendor) => {
    const semaphore = semaphoreFor(vendor.tenantId);
    const vendorGet = new DataLoader<VendorGet, VendorEnvelope<unknown>, string>(
      // The vendor has no batch endpoints: each key is its own call, failures stay per key.
      (gets) =>
        Promise.all(
          gets.map((get) =>
            semaphore
              .run(() => vendor.call<VendorEnvelope<unknown>>({ method: 'GET', path: get.path, endpoint: get.endpoint, envelope: true }))
              .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
          ),
        ),
      { cacheKeyFn: (get) => get.path },
    );
    return { vendorGet, forget: () => void vendorGet.clearAll() };
  };
}
