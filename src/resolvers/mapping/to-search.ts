import type { AssetSearchState } from '../../__generated__/resolvers-types.js';
import { isRecord } from '../../common/is-record.js';
import { isPathId } from '../validate/asset-input.js';
import { unreadableAnswer } from '../../upstream/map-error.js';
import { toVendorIdString } from '../../upstream/read-types.js';
import type { VendorEnvelope } from '../../upstream/types.js';

/** Tolerant readers of the search and upload answers (CONTRACT-vendor-surface §0, §B.2, §B.3, §D.1). */
export interface AssetSearchStatusModel {
  status: AssetSearchState;
  rawStatus: string | null;
  terminal: boolean;
  totalCount: number | null;
}

export interface SearchHitModel {
  ref: { projectId: string; assetId: string } | null;
  indexId: string | null;
  raw: unknown;
}

/** The one state table (§B.3): only COMPLETED is confirmed; anything unknown is UNKNOWN, not terminal. */
const STATES: Readonly<Record<string, AssetSearchState>> = {
  COMPLETED: 'COMPLETED',
  IN_PROGRESS: 'IN_PROGRESS',
  SEARCHING: 'IN_PROGRESS',
  FAILED: 'FAILED',
  FAIL: 'FAILED',
};

function resultOf(envelope: VendorEnvelope<unknown>): Record<string, unknown> {
  return isRecord(envelope.result) ? envelope.result : {};
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

export function toAssetSearchStatus(envelope: VendorEnvelope<unknown>): AssetSearchStatusModel {
  const result = resultOf(envelope);
  const rawStatus = typeof result.status === 'string' ? result.status : null;
  const status = (rawStatus !== null && Object.hasOwn(STATES, rawStatus) ? STATES[rawStatus] : 'UNKNOWN') as AssetSearchState;
  return {
    status,
    rawStatus,
    terminal: status === 'COMPLETED' || status === 'FAILED',
    totalCount: status === 'COMPLETED' ? count(result.totalCount) : null,
  };
}

export function toSearchHits(envelope: VendorEnvelope<unknown>): SearchHitModel[] {
  const list = resultOf(envelope).results;
  if (!Array.isArray(list)) return [];
  return list.map((raw: unknown) => {
    const item = isRecord(raw) ? raw : {};
    const projectId = toVendorIdString(item.projectId);
    const assetId = toVendorIdString(item.assetId);
    const ref = projectId !== null && assetId !== null && isPathId(projectId) && isPathId(assetId) ? { projectId, assetId } : null;
    return { ref, indexId: toVendorIdString(item.indexId), raw };
  });
}

/** The handle: `searchId`, else `id` [A]; without one the answer is unreadable. */
export function toSearchId(result: unknown): string {
  const record = isRecord(result) ? result : {};
  const id = toVendorIdString(record.searchId) ?? toVendorIdString(record.id);
  if (id === null || !isPathId(id)) throw unreadableAnswer(200, 'asset search answer without a usable search id');
  return id;
}

export interface UploadTicketModel {
  key: string;
  uploadUrl: string;
  expiresAt: Date;
}

const DEFAULT_EXPIRATION_SECONDS = 900;

/** assetFileKey, presignedUploadUrl, expirationSeconds [C]; without a key or URL the answer is unreadable. */
export function toUploadTicket(result: unknown, now: number): UploadTicketModel {
  const record = isRecord(result) ? result : {};
  const key = record.assetFileKey;
  const uploadUrl = record.presignedUploadUrl;
  if (typeof key !== 'string' || key === '' || typeof uploadUrl !== 'string' || uploadUrl === '') {
    throw unreadableAnswer(200, 'upload ticket without a key or an upload URL');
  }
  const seconds = count(record.expirationSeconds) ?? DEFAULT_EXPIRATION_SECONDS;
  return { key, uploadUrl, expiresAt: new Date(now + seconds * 1000) };
}
