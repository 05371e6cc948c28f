import { badInput } from '../../common/errors.js';
import type { AssetRef } from '../../upstream/asset-ref.js';
import { CONTROL, describe } from './search-input.js';

/**
 * Input checks that run before any upstream call (CONTRACT.md, "Core schema"). Pure.
 * Path identifiers are limited to RFC 3986 unreserved characters, so no value can add a path
 * segment, a query, a fragment or a percent sequence to the upstream request-target.
 */
const PATH_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const POSITIVE_INTEGER = /^[1-9]\d{0,15}$/;
export const MAX_TAG_IDS = 30;
export const MAX_PERSON_COUNT = 10;
/** GraphQL's Int is a signed 32-bit integer: graphql-js refuses to serialise anything beyond (a masked 500). */
export const GRAPHQL_INT_MAX = 2_147_483_647;

/** Non-throwing form of toPathId, for identifiers the vendor sent (they build request-targets too). */
export function isPathId(value: string): boolean {
  // "." alone is a dot-segment too (RFC 3986 §5.2.4): a proxy or the vendor may remove it and shift the path.
  return PATH_ID.test(value) && !value.includes('..') && value !== '.';
}

export function toPathId(field: string, value: string): string {
  if (!isPathId(value)) {
    throw badInput(
      `${field} must be 1 to 128 characters of letters, digits, ".", "_", "~" or "-" (no "/", "?", "#", "%", "." alone or ".."); got ${describe(value)}`,
      field,
    );
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

export const MAX_PAGE_SIZE = 1000;

/** Vendor paging (reference §5): pageNum from 1, pageSize 1 to 1000. */
export function toPaging(args: { page: number; pageSize: number }): { page: number; pageSize: number } {
  if (!Number.isInteger(args.page) || args.page < 1) throw badInput(`page must be 1 or more; got ${args.page}`, 'page');
  if (!Number.isInteger(args.pageSize) || args.pageSize < 1 || args.pageSize > MAX_PAGE_SIZE) {
    throw badInput(`pageSize must be from 1 to ${MAX_PAGE_SIZE}; got ${args.pageSize}`, 'pageSize');
  }
  // The last item of the page, (page - 1) * pageSize + pageSize, is what a derived totalCount can reach: it must be a GraphQL Int.
  if (args.page * args.pageSize > GRAPHQL_INT_MAX) {
    throw badInput(`page * pageSize must be at most ${GRAPHQL_INT_MAX}; got ${args.page} * ${args.pageSize}`, 'page');
  }
  return { page: args.page, pageSize: args.pageSize };
}

/** The longest video the vendor accepts is 6 hours (reference §8.3); no scene can be longer. */
export const MAX_SCENE_DURATION_SEC = 6 * 3600;

export interface SceneDurationInput {
  sceneRange?: string | null | undefined;
  minSceneDurationSec?: number | null | undefined;
  maxSceneDurationSec?: number | null | undefined;
}

/**
 * Custom scene length on POST …/index (reference §8.4): both bounds or neither, never with sceneRange.
 * Ranges are not documented; positive whole seconds with min <= max is assumed.
 */
export function toSceneDurations(input: SceneDurationInput): { minSceneDurationSec: number; maxSceneDurationSec: number } | null {
  const min = input.minSceneDurationSec ?? null;
  const max = input.maxSceneDurationSec ?? null;
  if (min === null && max === null) return null;
  if (min === null || max === null) {
    throw badInput(
      'give both minSceneDurationSec and maxSceneDurationSec for a custom scene length, or neither',
      min === null ? 'minSceneDurationSec' : 'maxSceneDurationSec',
    );
  }
  if (input.sceneRange != null) {
    throw badInput('sceneRange cannot be combined with minSceneDurationSec/maxSceneDurationSec; choose one', 'sceneRange');
  }
  for (const [field, value] of [
    ['minSceneDurationSec', min],
    ['maxSceneDurationSec', max],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_SCENE_DURATION_SEC) {
      throw badInput(`${field} must be a whole number of seconds from 1 to ${MAX_SCENE_DURATION_SEC}; got ${value}`, field);
    }
  }
  if (min > max) throw badInput(`minSceneDurationSec (${min}) must not exceed maxSceneDurationSec (${max})`, 'minSceneDurationSec');
  return { minSceneDurationSec: min, maxSceneDurationSec: max };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_OBJECT_KEY_LENGTH = 1024;

/** Object Storage (S3-compatible) bucket names: 3 to 63 lower-case letters, digits, '.' and '-'. */
export function toBucketName(value: string): string {
  if (!BUCKET_NAME.test(value)) throw badInput(`bucketName must be 3 to 63 characters of a-z, 0-9, "." or "-"; got ${describe(value)}`, 'bucketName');
  return value;
}

/** An object key travels in the JSON body, not the path; it must name a file, not a folder (vendor code 10016). */
export function toObjectKey(value: string): string {
  if (value.length === 0 || value.length > MAX_OBJECT_KEY_LENGTH || CONTROL.test(value) || value.endsWith('/')) {
    throw badInput(
      `key must be the full object name of a file (1 to ${MAX_OBJECT_KEY_LENGTH} characters, no control characters, not ending in "/"); got ${describe(value)}`,
      'key',
    );
  }
  return value;
}
