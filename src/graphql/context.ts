import type { Config } from '../config/config.js';
import type { Loaders } from '../loaders/create-loaders.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { Logger } from '../observability/logger.js';
import type { Tenant } from '../config/tenants.js';
import type { TenantVendor } from '../upstream/client.js';
import type { VendorTimeReader } from '../upstream/time.js';
import type { RequestObservation } from '../observability/request-observer.js';

/** Per GraphQL request: the authenticated tenant, a vendor view signed with its keys only, and fresh loaders. */
export interface Context {
  requestId: string;
  tenant: Tenant;
  vendor: TenantVendor;
  config: Config;
  readVendorTime: VendorTimeReader;
  log: Logger;
  /** Per-request DataLoaders over the tenant's vendor view (upstream GETs deduplicated, concurrency capped). */
  loaders: Loaders;
  /** Shared analysis-status pollers for subscriptions (src/live/). */
  live: LiveProgress;
  /** The request's log line and metrics (null for a subscription's context: streams have no request line). */
  observation: RequestObservation | null;
}
