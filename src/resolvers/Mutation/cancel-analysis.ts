import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { cancelAnalysisRequest } from '../../upstream/routes.js';
import { toAssetRef } from '../validate/asset-input.js';

/**
 * cancelAnalysis: POST …/index/cancel, or the deprecated DELETE …/analyze when MI_ANALYZE_ENDPOINT=analyze
 * (reference §8.4). Never retried. The vendor's 409 here means "nothing queued or running" ("Cannot cancel
 * analysis in the current state"): the default reading of a 409, INVALID_STATE (not retryable).
 */
export const cancelAnalysis: NonNullable<MutationResolvers['cancelAnalysis']> = async (_parent, { input }, ctx) => {
  const asset = toAssetRef(input);
  const { method, path } = cancelAnalysisRequest(ctx.config.analyzeEndpoint, asset);
  await ctx.vendor.call<unknown>({
    method,
    path,
    endpoint: ctx.config.analyzeEndpoint === 'index' ? 'index-cancel' : 'analyze-cancel',
    conflict: 'invalid-state',
  });
  ctx.loaders.forget();
  return { asset };
};
