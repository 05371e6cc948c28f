import type { AnalyzeInput, MutationResolvers } from '../../__generated__/resolvers-types.js';
import type { VendorAnalyzeBody, VendorAnalyzeResult } from '../../vendor/types.js';
import { analyzePath } from '../../vendor/routes.js';
import { toAssetIndex } from '../../vendor/to-asset-index.js';
import { toAssetRef, toPersonCount, toTagIdList } from '../../validate.js';

/**
 * analyzeAsset: validate, map to the vendor body, one signed POST, map the answer back.
 * Never retried here or below: a POST goes upstream at most once per GraphQL request.
 */
export const analyzeAsset: NonNullable<MutationResolvers['analyzeAsset']> = async (_parent, { input }, ctx) => {
  const ref = toAssetRef(input);
  const body = toVendorAnalyzeBody(input);
  const result = await ctx.vendor.call<VendorAnalyzeResult | undefined>({
    method: 'POST',
    path: analyzePath(ctx.config.analyzeEndpoint, ref),
    body,
    endpoint: ctx.config.analyzeEndpoint,
  });
  return toAssetIndex(result, ctx.readVendorTime);
};

/** CONTRACT.md mapping; fields the client did not give (or gave as null) are not sent. */
export function toVendorAnalyzeBody(input: AnalyzeInput): VendorAnalyzeBody {
  const body: VendorAnalyzeBody = { analysisPersonCount: toPersonCount(input.analysisPersonCount) };
  if (input.sceneRange != null) body.sceneRange = input.sceneRange;
  // An empty list restricts nothing and the vendor wants 1 to 30 entries, so it is not sent.
  if (input.tagIds != null && input.tagIds.length > 0) body.tagIdList = toTagIdList(input.tagIds);
  if (input.sourceLanguage != null) body.sourceLanguage = input.sourceLanguage;
  if (input.detectAudioEffects != null) body.detectAudioEffects = input.detectAudioEffects;
  return body;
}
