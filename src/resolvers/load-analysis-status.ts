import type { Context } from '../context.js';
import { analysisStatusPath } from '../vendor/routes.js';
import { toAnalysisStatus, type AnalysisStatusModel, type VendorAnalysisStatus } from '../vendor/to-analysis-status.js';
import type { AssetRef } from '../validate.js';

/** One status read from the endpoint that matches MI_ANALYZE_ENDPOINT (analyze-status or index/status). */
export async function loadAnalysisStatus(ctx: Pick<Context, 'vendor' | 'config'>, ref: AssetRef, signal?: AbortSignal): Promise<AnalysisStatusModel> {
  const endpoint = ctx.config.analyzeEndpoint;
  const result = await ctx.vendor.call<VendorAnalysisStatus>({
    method: 'GET',
    path: analysisStatusPath(endpoint, ref),
    endpoint: endpoint === 'index' ? 'index-status' : 'analyze-status',
    ...(signal ? { signal } : {}),
  });
  return toAnalysisStatus(result);
}
