import type { AssetRef } from './asset-ref.js';
import { assetPath, indexesPath, workspacePath } from './routes.js';

/**
 * Request-targets of asset search, query-image uploads and scene summaries (reference §8.6, §8.7, §15).
 * Identifiers are already checked (src/resolvers/validate/asset-input.ts), so nothing is encoded and the signed string is the one sent.
 */
export const SEARCH_IMAGE_TICKET_PATH = '/api/v1/query-assets/uploads/presigned-url';
export const SEARCH_IMAGE_CONFIRM_PATH = '/api/v1/query-assets/uploads/complete';

export function startSearchPath(workspaceName: string): string {
  return `${workspacePath(workspaceName)}/assets/search`;
}

export function searchResultPath(workspaceName: string, id: string, paging: { page: number; pageSize: number }): string {
  return `${startSearchPath(workspaceName)}/${id}?pageNum=${paging.page}&pageSize=${paging.pageSize}`;
}

/** POST (request) and GET (result) of the per-asset summary, the current form (§15). */
export function sceneSummaryPath(ref: AssetRef): string {
  return `${assetPath(ref)}/scene-summary`;
}

export function sceneSummaryStatusPath(ref: AssetRef): string {
  return `${sceneSummaryPath(ref)}/status`;
}

/** Both generations: no older cancel form exists (CONTRACT-vendor-surface §B.1). */
export function sceneSummaryCancelPath(ref: AssetRef): string {
  return `${sceneSummaryPath(ref)}/cancel`;
}

/** Deprecated per-index form (reference §8.6), only under MI_ANALYZE_ENDPOINT=analyze. */
export function indexSceneSummariesPath(ref: AssetRef, indexId: string): string {
  return `${indexesPath(ref)}/${indexId}/scene-summaries`;
}
