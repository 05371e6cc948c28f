import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { sceneSummaryCancelPath } from '../../upstream/search-routes.js';
import { toAssetRef } from '../validate/asset-input.js';

/** cancelSceneSummary: POST …/scene-summary/cancel in both generations; its 409 (nothing to cancel) is INVALID_STATE. */
export const cancelSceneSummary: NonNullable<MutationResolvers['cancelSceneSummary']> = async (_parent, { input }, ctx) => {
  const asset = toAssetRef(input);
  await ctx.vendor.call<unknown>({ method: 'POST', path: sceneSummaryCancelPath(asset), endpoint: 'scene-summary-cancel', conflict: 'invalid-state' });
  ctx.loaders.forget();
  return { asset };
};
