import type { Context } from '../../graphql/context.js';
import { loadAnalysisStatus } from '../load-analysis-status.js';
import { analysisStatusPath } from '../../upstream/routes.js';
import type { AssetRef } from '../../upstream/asset-ref.js';
import type { PollTarget } from '../../live/live-progress.js';

/**
 * The poller of one tenant's asset. The key holds the tenant id, so tenants never share a poller: each
 * poll is signed with the keys of the tenant whose client subscribed, and its answer goes only to it.
 */
export function toPollTarget(ctx: Pick<Context, 'tenant' | 'vendor' | 'config'> & { requestId?: string }, ref: AssetRef): PollTarget {
  return {
    logFields: {
      tenantId: ctx.tenant.id,
      workspaceName: ref.workspaceName,
      projectId: ref.projectId,
      assetId: ref.assetId,
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    },
    limit: { tenantId: ctx.tenant.id, maxTargets: ctx.tenant.live.maxTargets },
    key: `${ctx.tenant.id}\n${analysisStatusPath(ctx.config.analyzeEndpoint, ref)}`,
    // Only the vendor view and config: a request's DataLoader would keep answering the first state.
    poll: (signal) => loadAnalysisStatus({ vendor: ctx.vendor, config: ctx.config }, ref, signal),
  };
}
