import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { startSearchPath } from '../../upstream/search-routes.js';
import { toSearchId } from '../mapping/to-search.js';
import { toPathId } from '../validate/asset-input.js';
import { toVendorSearchBody } from '../mapping/to-vendor-search-body.js';

/** startAssetSearch: one POST …/assets/search (never retried); returns the handle at once. */
export const startAssetSearch: NonNullable<MutationResolvers['startAssetSearch']> = async (_parent, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const body = toVendorSearchBody(input, ctx.config.timeZone);
  const result = await ctx.vendor.call<unknown>({ method: 'POST', path: startSearchPath(workspaceName), body, endpoint: 'asset-search' });
  ctx.loaders.forget();
  return { workspaceName, id: toSearchId(result) };
};
