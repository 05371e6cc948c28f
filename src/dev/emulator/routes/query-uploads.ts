import { invalidRequest, miOk, notFound } from '../envelopes.js';
import { objectBody, ReplyError, type RouteHandler } from './context.js';

const IMAGE = /\.(jpe?g|png|webp|heic)$/i;
export const UPLOAD_EXPIRATION_SECONDS = 900;

/**
 * POST /query-assets/uploads/presigned-url (reference §8.7). The emulator stores no bytes: an upload counts
 * as arrived after the import step (no PUT needed); a file name with "missing" in it never arrives.
 */
export const createQueryUpload: RouteHandler = (ctx) => {
  const body = objectBody(ctx);
  const fileName = body.assetFileName;
  if (body.assetType !== 'IMAGE' || typeof fileName !== 'string' || !IMAGE.test(fileName) || /[/\\]/.test(fileName)) throw new ReplyError(invalidRequest());
  const key = ctx.store.search.newUploadKey(fileName);
  ctx.store.search.uploads.set(key, { key, createdAt: ctx.now, readyAt: ctx.now + ctx.store.importStepMs, missing: fileName.includes('missing') });
  return miOk({
    assetFileKey: key,
    presignedUploadUrl: `https://kr.object.ncloudstorage.com/mi-emulator/${key}?X-Amz-Expires=${UPLOAD_EXPIRATION_SECONDS}&X-Amz-Signature=EMULATED`,
    expirationSeconds: UPLOAD_EXPIRATION_SECONDS,
  });
};

/** POST /query-assets/uploads/complete: IN_PROGRESS until the import step has passed, then COMPLETED (or FAILED). */
export const completeQueryUpload: RouteHandler = (ctx) => {
  const key = objectBody(ctx).assetKey;
  if (typeof key !== 'string') throw new ReplyError(invalidRequest());
  const upload = ctx.store.search.uploads.get(key);
  if (!upload) throw new ReplyError(notFound());
  if (ctx.now < upload.readyAt) return miOk({ assetKey: key, uploadStatus: 'IN_PROGRESS', uploadMessage: null });
  if (upload.missing) return miOk({ assetKey: key, uploadStatus: 'FAILED', uploadMessage: 'The file was not uploaded.' });
  return miOk({ assetKey: key, uploadStatus: 'COMPLETED', uploadMessage: null });
};

/** Whether an imageQuery names an upload that arrived. */
export function isUploaded(ctx: Parameters<RouteHandler>[0], key: string): boolean {
  const upload = ctx.store.search.uploads.get(key);
  return upload !== undefined && !upload.missing && ctx.now >= upload.readyAt;
}
