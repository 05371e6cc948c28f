import type { UploadStatus } from '../../__generated__/resolvers-types.js';
import { isRecord } from '../../common/is-record.js';

/** What UploadCheck resolves to (search image and, the same shape, person thumbnail confirms). */
export interface UploadCheckModel {
  key: string;
  status: UploadStatus;
  rawStatus: string | null;
  message: string | null;
  ready: boolean;
}

const UPLOAD_STATES = new Set<string>(['IN_PROGRESS', 'COMPLETED', 'FAILED', 'FILE_NOT_EXIST', 'INVALID_METADATA']);

/**
 * `uploadStatus`/`uploadMessage` → status/rawStatus/message (CONTRACT-vendor-surface §B.2); a status other
 * than COMPLETED is data (`ready: false`), an unknown one UNKNOWN with rawStatus. The key falls back to the one sent.
 */
export function toUploadCheck(sentKey: string, result: unknown): UploadCheckModel {
  const record = isRecord(result) ? result : {};
  const rawStatus = typeof record.uploadStatus === 'string' ? record.uploadStatus : null;
  const status = (rawStatus !== null && UPLOAD_STATES.has(rawStatus) ? rawStatus : 'UNKNOWN') as UploadStatus;
  return {
    key: typeof record.assetKey === 'string' && record.assetKey !== '' ? record.assetKey : sentKey,
    status,
    rawStatus,
    message: typeof record.uploadMessage === 'string' ? record.uploadMessage : null,
    ready: status === 'COMPLETED',
  };
}
