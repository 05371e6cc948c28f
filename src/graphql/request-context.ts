import type { Config } from '../config/config.js';
import type { Context } from './context.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { Loaders } from '../loaders/create-loaders.js';
import type { Logger } from '../observability/logger.js';
import type { Tenant } from '../config/tenants.js';
import type { TenantVendor } from '../upstream/client.js';
import type { VendorTimeReader } from '../upstream/time.js';
import type { RequestObservation } from '../observability/request-observer.js';

/** What every request context shares (made once per gateway). */
export interface ContextShared {
  config: Config;
  readVendorTime: VendorTimeReader;
  live: LiveProgress;
  log: Logger;
  createLoaders: (vendor: TenantVendor) => Loaders;
}

/**
 * One GraphQL request's context. The child logger and the DataLoaders are made on first use: most
 * operations (every mutation) need neither, and `log.child` is not free. The getters
 * live on the prototype on purpose: Apollo copies the context with `Object.assign` (own properties
 * only), which would call own getters and defeat the laziness.
 */
export class RequestContext implements Context {
  readonly config: Config;
  readonly readVendorTime: VendorTimeReader;
  readonly live: LiveProgress;
  private childLog: Logger | undefined = undefined;
  private requestLoaders: Loaders | undefined = undefined;

  constructor(
    private readonly shared: ContextShared,
    readonly tenant: Tenant,
    readonly requestId: string,
    readonly vendor: TenantVendor,
    readonly observation: RequestObservation | null = null,
  ) {
    this.config = shared.config;
    this.readVendorTime = shared.readVendorTime;
    this.live = shared.live;
  }

  get log(): Logger {
    return (this.childLog ??= this.shared.log.child({ requestId: this.requestId, tenantId: this.tenant.id }));
  }

  get loaders(): Loaders {
    return (this.requestLoaders ??= this.shared.createLoaders(this.vendor));
  }
}
