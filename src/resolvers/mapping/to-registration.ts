import type { UploadStatus } from '../../__generated__/enums.js';
import type { VendorImportStatus } from '../../upstream/read-types.js';

export interface RegistrationModel {
  status: UploadStatus;
  rawStatus: string | null;
  message: string | null;
  terminal: boolean;
}

const KNOWN = new Set<string>(['IN_PROGRESS', 'COMPLETED', 'FAILED', 'FILE_NOT_EXIST', 'INVALID_METADATA']);

/** import-status (reference §8.3); unknown or missing states become UNKNOWN with the raw value kept. */
export function toRegistration(result: VendorImportStatus | null | undefined): RegistrationModel {
  const raw = typeof result?.uploadStatus === 'string' ? result.uploadStatus : null;
  const status = (raw !== null && KNOWN.has(raw) ? raw : 'UNKNOWN') as UploadStatus;
  return {
    status,
    rawStatus: raw,
    message: typeof result?.uploadResult === 'string' ? result.uploadResult : null,
    // Terminality of the four end states is inferred (reference §6); UNKNOWN is not assumed terminal.
    terminal: status !== 'IN_PROGRESS' && status !== 'UNKNOWN',
  };
}
