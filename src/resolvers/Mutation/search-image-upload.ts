import type { MutationResolvers, UploadStatus } from '../../__generated__/resolvers-types.js';
import { isRecord } from '../../is-record.js';
import { SEARCH_IMAGE_CONFIRM_PATH, SEARCH_IMAGE_TICKET_PATH } from '../../vendor/search-routes.js';
import { toUploadTicket } from '../../vendor/to-search.js';
import { toUploadFileName, toUploadKey } from '../../validate-search.js';

const UPLOAD_STATES = new Set<string>(['IN_PROGRESS', 'COMPLETED', 'FAILED', 'FILE_NOT_EXIST', 'INVALID_METADATA']);

/** createSearchImageUpload: one POST …/query-assets/uploads/presigned-url (reference §8.7), never retried. */
export const createSearchImageUpload: NonNullable<MutationResolvers['createSearchImageUpload']> = async (_parent, { input }, ctx) => {
  const assetFileName = toUploadFileName(input.fileName, { imageExtension: true });
  const result = await ctx.vendor.call<unknown>({ method: 'POST', path: SEARCH_IMAGE_TICKET_PATH, body: { assetType: 'IMAGE', assetFileName }, endpoint: 'search-image-ticket' });
  ctx.loaders.forget();
  return toUploadTicket(result, Date.now());
};

/** confirmSearchImageUpload: one POST …/uploads/complete; a status other than COMPLETED is data (ready: false). */
export const confirmSearchImageUpload: NonNullable<MutationResolvers['confirmSearchImageUpload']> = async (_parent, { input }, ctx) => {
  const key = toUploadKey('key', input.key);
  const result = await ctx.vendor.call<unknown>({ method: 'POST', path: SEARCH_IMAGE_CONFIRM_PATH, body: { assetKey: key }, endpoint: 'search-image-confirm' });
  ctx.loaders.forget();
  return toUploadCheck(key, result);
};

export function toUploadCheck(key: string, result: unknown) {
  const record = isRecord(result) ? result : {};
  const rawStatus = typeof record.uploadStatus === 'string' ? record.uploadStatus : null;
  const status = (rawStatus !== null && UPLOAD_STATES.has(rawStatus) ? rawStatus : 'UNKNOWN') as UploadStatus;
  return {
    key: typeof record.assetKey === 'string' && record.assetKey !== '' ? record.assetKey : key,
    status,
    rawStatus,
    message: typeof record.uploadMessage === 'string' ? record.uploadMessage : null,
    ready: status === 'COMPLETED',
  };
}
