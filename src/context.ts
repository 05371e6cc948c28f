import type { Config } from './config.js';
import type { LiveProgress } from './live/progress-event.js';
import type { Logger } from './logger.js';
import type { Tenant } from './tenants.js';
import type { TenantVendor } from './vendor/client.js';
import type { VendorTimeReader } from './vendor/time.js';

/** Per GraphQL request: the authenticated tenant and a vendor view signed with its keys only. */
export interface Context {
  requestId: string;
  tenant: Tenant;
  vendor: TenantVendor;
  config: Config;
  readVendorTime: VendorTimeReader;
  log: Logger;
  /** Shared analysis-status pollers for subscriptions (src/live/). */
  live: LiveProgress;
}
