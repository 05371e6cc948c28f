import { badInput } from './errors.js';

/**
 * Input checks that run before any upstream call (CONTRACT.md, "Core schema"). Pure.
 * Path identifiers are limited to RFC 3986 unreserved characters, so no value can add a path
 * segment, a query, a fragment or a percent sequence to the upstream request-target.
 */
const PATH_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const POSITIVE_INTEGER = /^[1-9]\d{0,15}$/;
export const MAX_TAG_IDS = 30;
export const MAX_PERSON_COUNT = 10;

export interface AssetRef {
  workspaceName: string;
  projectId: string;
  assetId: string;
}

export function toPathId(field: string, value: string): string {
  // "." alone is a dot-segment too (RFC 3986 §5.2.4): a proxy or the vendor may remove it and shift the path.
  if (!PATH_ID.test(value) || value.includes('..') || value === '.') {
    throw badInput(`${field} must be 1 to 128 characters of letters, digits, ".", "_", "~" or "-" (no "/", "?", "#", "%", "." alone or ".."); got ${describe(value)}`, field);
  }
  return value;
}

export function toAssetRef(input: AssetRef): AssetRef {
  return {
    workspaceName: toPathId('workspaceName', input.workspaceName),
    projectId: toPathId('projectId', input.projectId),
    assetId: toPathId('assetId', input.assetId),
  };
}

export function toPersonCount(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PERSON_COUNT) {
    throw badInput(`analysisPersonCount must be a whole number from 0 to ${MAX_PERSON_COUNT}; got ${value}`, 'analysisPersonCount');
  }
  return value;
}

/** Person-tag ids arrive as GraphQL IDs (strings) and go upstream as integers (reference §5). */
export function toTagIdList(ids: readonly string[]): number[] {
  if (ids.length > MAX_TAG_IDS) {
    throw badInput(`tagIds may hold at most ${MAX_TAG_IDS} ids; got ${ids.length}`, 'tagIds');
  }
  return ids.map((id, index) => {
    const value = Number(id);
    if (!POSITIVE_INTEGER.test(id) || !Number.isSafeInteger(value)) {
      throw badInput(`tagIds[${index}] must be a positive integer; got ${describe(id)}`, 'tagIds');
    }
    return value;
  });
}

/** Quotes a short, printable rendition of a rejected value (never more than 40 characters). */
function describe(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 40 ? `${printable.slice(0, 40)}…` : printable);
}
