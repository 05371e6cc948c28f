import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import type { VendorAnalyzeResult } from '../../upstream/types.js';
import { analyzePath } from '../../upstream/routes.js';
import { toAssetIndex } from '../../upstream/to-asset-index.js';
import { toAssetRef } from '../validate/asset-input.js';
import { toVendorAnalyzeBody } from '../mapping/to-vendor-analyze-body.js';

/**
 * analyzeAsset: validate, map to the vendor body, one signed POST, map the answer back.
 * Never retried here or below: a POST goes upstream at most once per GraphQL request. A 409 means an
 * analysis of the asset is running (ANALYSIS_IN_PROGRESS).
 */
export const analyzeAsset: NonNullable<MutationResolvers['analyzeAsset']> = async (_parent, { input }, ctx) => {
  const ref = toAssetRef(input);
  const body = toVendorAnalyzeBody(input);
  const result = await ctx.vendor.call<VendorAnalyzeResult | undefined>({
    method: 'POST',
    path: analyzePath(ctx.config.analyzeEndpoint, ref),
    body,
    endpoint: ctx.config.analyzeEndpoint,
    conflict: 'analysis-running',
  });
  return toAssetIndex(result, ctx.readVendorTime, (problem) => ctx.log.warn({ problem }, 'vendor answer needed a fallback'));
};
