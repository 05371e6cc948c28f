import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import type { VendorAnalyzeResult } from '../../upstream/types.js';
import { indexPath } from '../../upstream/routes.js';
import { toAssetIndex } from '../../upstream/to-asset-index.js';
import { toAssetRef, toSceneDurations } from '../validate/asset-input.js';
import { toVendorAnalyzeBody } from '../mapping/to-vendor-analyze-body.js';

/**
 * requestIndex: always POST …/index, the only endpoint with custom scene lengths (reference §8.4).
 * Everything is validated before the one upstream call; never retried. 409: ANALYSIS_IN_PROGRESS.
 */
export const requestIndex: NonNullable<MutationResolvers['requestIndex']> = async (_parent, { input }, ctx) => {
  const ref = toAssetRef(input);
  const durations = toSceneDurations(input);
  const body = { ...toVendorAnalyzeBody(input), ...durations };
  const result = await ctx.vendor.call<VendorAnalyzeResult | undefined>({
    method: 'POST',
    path: indexPath(ref),
    body,
    endpoint: 'index',
    conflict: 'analysis-running',
  });
  ctx.loaders.forget();
  return toAssetIndex(result, ctx.readVendorTime, (problem) => ctx.log.warn({ problem }, 'vendor answer needed a fallback'));
};
