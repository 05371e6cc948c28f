import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { SEARCH_IMAGE_CONFIRM_PATH } from '../../upstream/search-routes.js';
import { toUploadCheck } from '../mapping/to-upload-check.js';
import { toUploadKey } from '../validate/search-input.js';

/** confirmSearchImageUpload: one POST …/query-assets/uploads/complete, never retried; not COMPLETED is data (ready: false). */
export const confirmSearchImageUpload: NonNullable<MutationResolvers['confirmSearchImageUpload']> = async (_parent, { input }, ctx) => {
  const key = toUploadKey('key', input.key);
  const result = await ctx.vendor.call<unknown>({ method: 'POST', path: SEARCH_IMAGE_CONFIRM_PATH, body: { assetKey: key }, endpoint: 'search-image-confirm' });
  ctx.loaders.forget();
  return toUploadCheck(key, result);
};
