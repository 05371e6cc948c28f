import type { Logger } from '../../observability/logger.js';
import { GRAPHQL_INT_MAX } from '../validate/asset-input.js';
import type { PageModel } from '../../upstream/to-page.js';

/**
 * A vendor count for an `Int!` field: beyond Int it is clamped to GRAPHQL_INT_MAX (the answer stays
 * usable) and a warning names the field and the value (a count, never a secret).
 */
export function toIntCount(value: number, field: string, log: Logger): number {
  if (value <= GRAPHQL_INT_MAX) return value;
  log.warn({ field, vendorValue: value }, 'vendor count beyond GraphQL Int clamped');
  return GRAPHQL_INT_MAX;
}

/** A vendor count for a nullable `Int` field: null (with a warning) when it does not fit, or is no safe integer. */
export function toNullableIntCount(value: unknown, field: string, log: Logger): number | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return null;
  if (Math.abs(value) <= GRAPHQL_INT_MAX) return value;
  log.warn({ field, vendorValue: value }, 'vendor count beyond GraphQL Int answered as null');
  return null;
}

/** The counters of a vendor page, each within Int (`WorkspacePage`, `AssetPage`). */
export function toPageCounters(
  page: PageModel<unknown>,
  kind: string,
  log: Logger,
): Pick<PageModel<unknown>, 'totalCount' | 'totalPages' | 'page' | 'pageSize'> {
  return {
    totalCount: toIntCount(page.totalCount, `${kind}.totalCount`, log),
    totalPages: toIntCount(page.totalPages, `${kind}.totalPages`, log),
    page: toIntCount(page.page, `${kind}.page`, log),
    pageSize: toIntCount(page.pageSize, `${kind}.pageSize`, log),
  };
}
