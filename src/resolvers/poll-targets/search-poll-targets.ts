import type { Context } from '../../graphql/context.js';
import { loadSceneSummaryStatus } from '../load-scene-summary.js';
import { searchResultPath, sceneSummaryStatusPath } from '../../upstream/search-routes.js';
import { toAssetSearchStatus } from '../mapping/to-search.js';
import type { VendorEnvelope } from '../../upstream/types.js';
import type { AssetRef } from '../../upstream/asset-ref.js';
import type { PollTarget } from '../../live/live-progress.js';

type PollContext = Pick<Context, 'tenant' | 'vendor' | 'config' | 'log' | 'readVendorTime'>;

/** A scene summary of one tenant's asset; backs off while the vendor's per-workspace queue holds it (WAIT_SUMMARIZE). */
export function toSceneSummaryPollTarget(ctx: PollContext, ref: AssetRef): PollTarget {
  const reader = { vendor: ctx.vendor, config: ctx.config, log: ctx.log, readVendorTime: ctx.readVendorTime };
  return {
    key: `${ctx.tenant.id}\nscene-summary\n${sceneSummaryStatusPath(ref)}\n${ctx.config.analyzeEndpoint}`,
    poll: (signal) => loadSceneSummaryStatus(reader, ref, signal),
    backoffWhile: (status) => status.status === 'WAIT_SUMMARIZE',
    limit: liveLimit(ctx),
  };
}

/** An asset search: GET …/assets/search/{id}?pageNum=1&pageSize=1 (CONTRACT-vendor-surface §B.3). */
export function toAssetSearchPollTarget(ctx: PollContext, workspaceName: string, id: string): PollTarget {
  const path = searchResultPath(workspaceName, id, { page: 1, pageSize: 1 });
  return {
    key: `${ctx.tenant.id}\n${path}`,
    poll: async (signal) =>
      toAssetSearchStatus(
        await ctx.vendor.call<VendorEnvelope<unknown>>({ method: 'GET', path, endpoint: 'asset-search-result', envelope: true, retry: false, signal }),
      ),
    limit: liveLimit(ctx),
  };
}

/** Summaries and searches count against the tenant's live.maxTargets like analyses (src/live/target-limit.ts). */
function liveLimit(ctx: PollContext): NonNullable<PollTarget['limit']> {
  return { tenantId: ctx.tenant.id, maxTargets: ctx.tenant.live.maxTargets };
}
