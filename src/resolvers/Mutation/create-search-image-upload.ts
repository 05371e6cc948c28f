import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { SEARCH_IMAGE_TICKET_PATH } from '../../upstream/search-routes.js';
import { toUploadTicket } from '../mapping/to-search.js';
import { toUploadFileName } from '../validate/search-input.js';

/**
 * createSearchImageUpload: one POST …/query-assets/uploads/presigned-url (reference §8.7), never retried.
 * An answer without a key or an upload URL is UPSTREAM_UNAVAILABLE.
 */
export const createSearchImageUpload: NonNullable<MutationResolvers['createSearchImageUpload']> = async (_parent, { input }, ctx) => {
  const assetFileName = toUploadFileName(input.fileName, { imageExtension: true });
  const result = await ctx.vendor.call<unknown>({
    method: 'POST',
    path: SEARCH_IMAGE_TICKET_PATH,
    body: { assetType: 'IMAGE', assetFileName },
    endpoint: 'search-image-ticket',
  });
  ctx.loaders.forget();
  return toUploadTicket(result, Date.now());
};
