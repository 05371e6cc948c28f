import type { MutationResolvers, UploadStatus } from '../../__generated__/resolvers-types.js';
import { isRecord } from '../../common/is-record.js';
import { unreadableAnswer } from '../../upstream/map-error.js';
import { personThumbnailsPath, thumbnailUploadCompletePath, thumbnailUploadUrlPath } from '../../upstream/person-routes.js';
import { toPathId } from '../validate/asset-input.js';
import { toFileName, toIdNumbers, toPositiveId, toThumbnails } from '../validate/person-input.js';
import { toUploadKey } from '../validate/search-input.js';

type M = Required<MutationResolvers>;

/** Without an expiry in the answer, the search-image URL's 900 s is assumed (reference §9). */
const DEFAULT_EXPIRY_SECONDS = 900;

function firstString(record: Record<string, unknown>, keys: string[]): string | null {
  for (const key of keys) if (typeof record[key] === 'string' && record[key] !== '') return record[key] as string;
  return null;
}

/** POST …/person-thumbnail/uploads/presigned-url; the answer is read tolerantly [A] (§B.2). */
export const createPersonThumbnailUpload: M['createPersonThumbnailUpload'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const body = { thumbnailFileName: toFileName('fileName', input.fileName) };
  const result = await ctx.vendor.call<unknown>({ method: 'POST', path: thumbnailUploadUrlPath(workspaceName), body, endpoint: 'thumbnail-upload-url' });
  const record = isRecord(result) ? result : {};
  const key = firstString(record, ['thumbnailKey', 'thumbnailFileKey', 'assetFileKey', 'key']);
  const uploadUrl = firstString(record, ['presignedUploadUrl', 'presignedUrl', 'uploadUrl']);
  if (key === null || uploadUrl === null) throw unreadableAnswer(200, 'thumbnail upload answer without a key or URL');
  const seconds = typeof record.expirationSeconds === 'number' && record.expirationSeconds > 0 ? record.expirationSeconds : DEFAULT_EXPIRY_SECONDS;
  return { key, uploadUrl, expiresAt: new Date(Date.now() + seconds * 1000) };
};

const UPLOAD_STATES = new Set(['IN_PROGRESS', 'COMPLETED', 'FAILED', 'FILE_NOT_EXIST', 'INVALID_METADATA']);

/** POST …/uploads/complete; a status other than COMPLETED is data (`ready: false`). */
export const confirmPersonThumbnailUpload: M['confirmPersonThumbnailUpload'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const key = toUploadKey('key', input.key);
  const result = await ctx.vendor.call<unknown>({
    method: 'POST',
    path: thumbnailUploadCompletePath(workspaceName),
    body: { thumbnailKey: key },
    endpoint: 'thumbnail-upload-complete',
  });
  const record = isRecord(result) ? result : {};
  const rawStatus = typeof record.uploadStatus === 'string' ? record.uploadStatus : null;
  const status = (rawStatus !== null && UPLOAD_STATES.has(rawStatus) ? rawStatus : 'UNKNOWN') as UploadStatus;
  return { key, status, rawStatus, message: typeof record.uploadMessage === 'string' ? record.uploadMessage : null, ready: status === 'COMPLETED' };
};

function thumbnailListOf(result: unknown): unknown {
  if (Array.isArray(result)) return result;
  if (isRecord(result)) return result.thumbnails ?? result.thumbnailList;
  return undefined;
}

export const addPersonThumbnails: M['addPersonThumbnails'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const personId = toPositiveId('personId', input.personId);
  const body = { thumbnails: toThumbnails('thumbnails', input.thumbnails) };
  const result = await ctx.vendor.call<unknown>({
    method: 'POST',
    path: personThumbnailsPath(workspaceName, personId),
    body,
    endpoint: 'add-person-thumbnails',
  });
  ctx.loaders.forget();
  const thumbnails = thumbnailListOf(result);
  return Array.isArray(thumbnails) ? { workspaceName, personId, record: { thumbnails }, partial: true } : { workspaceName, personId };
};

export const removePersonThumbnails: M['removePersonThumbnails'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const personId = toPositiveId('personId', input.personId);
  const body = { thumbnailIds: toIdNumbers('thumbnailIds', input.thumbnailIds, 1, 100) };
  const result = await ctx.vendor.call<unknown>({
    method: 'DELETE',
    path: personThumbnailsPath(workspaceName, personId),
    body,
    endpoint: 'remove-person-thumbnails',
  });
  ctx.loaders.forget();
  const thumbnails = thumbnailListOf(result);
  return Array.isArray(thumbnails) ? { workspaceName, personId, record: { thumbnails }, partial: true } : { workspaceName, personId };
};
