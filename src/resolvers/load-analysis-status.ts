import type { Context } from '../graphql/context.js';
import { analysisStatusPath } from '../upstream/routes.js';
import { toAnalysisStatus, type AnalysisStatusModel, type VendorAnalysisStatus } from './mapping/to-analysis-status.js';
import type { AssetRef } from '../upstream/asset-ref.js';

/**
 * One status read from the endpoint that matches MI_ANALYZE_ENDPOINT (analyze-status or index/status).
 * Inside a GraphQL request it goes through the request's loader (the same asset asked twice costs one
 * call); callers without one (a poller) call the vendor directly.
 */
export async function loadAnalysisStatus(
  ctx: Pick<Context, 'vendor' | 'config'> & Partial<Pick<Context, 'loaders'>>,
  ref: AssetRef,
  signal?: AbortSignal,
): Promise<AnalysisStatusModel> {
  const endpoint = ctx.config.analyzeEndpoint;
  const request = { path: analysisStatusPath(endpoint, ref), endpoint: endpoint === 'index' ? 'index-status' : 'analyze-status' };
  if (ctx.loaders) {
    const envelope = await ctx.loaders.vendorGet.load(request);
    return toAnalysisStatus(envelope.result as VendorAnalysisStatus | undefined);
  }
  // The poller backs off on its own (src/live/poll-loop.ts): no retries inside one of its reads.
  const result = await ctx.vendor.call<VendorAnalysisStatus>({ method: 'GET', ...request, retry: false, ...(signal ? { signal } : {}) });
  return toAnalysisStatus(result);
}
