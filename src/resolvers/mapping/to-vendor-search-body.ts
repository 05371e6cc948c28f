import type { StartAssetSearchInput } from '../../__generated__/resolvers-types.js';
import { badInput } from '../../common/errors.js';
import { toVendorLocalTime } from '../../upstream/to-vendor-time.js';
import { MAX_FILTER_IDS, MAX_LIST, MAX_SEARCH_TEXT, toFreeText, toIntegerIds, toPhrases, toUploadKey } from '../validate/search-input.js';

type List<T> = readonly T[] | null | undefined;
type Match<T> = { all?: List<T>; any?: List<T>; none?: List<T> } | null | undefined;

/** all/any/none → must/any/not; only lists the client gave (an empty list counts as not given). */
function toMatch<T, U>(match: Match<T>, field: string, map: (name: string, list: readonly T[]) => U[]): Record<string, U[]> | undefined {
  if (!match) return undefined;
  const out: Record<string, U[]> = {};
  for (const [from, to] of [
    ['all', 'must'],
    ['any', 'any'],
    ['none', 'not'],
  ] as const) {
    const list = match[from];
    if (list && list.length > 0) out[to] = map(`${field}.${from}`, list);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * StartAssetSearchInput → the vendor body (CONTRACT-vendor-surface §B.1, §B.2). Every rule is checked here,
 * before the one upstream call.
 */
export function toVendorSearchBody(input: StartAssetSearchInput, timeZone: string): Record<string, unknown> {
  const { query, filter } = input;
  const hasText = query.text != null;
  const hasImage = query.imageKey != null;
  if (hasText === hasImage) throw badInput('give exactly one of query.text and query.imageKey', hasText ? 'query.imageKey' : 'query.text');
  const vendorQuery: Record<string, unknown> = {};
  if (query.text != null) vendorQuery.textQuery = toFreeText('query.text', query.text, MAX_SEARCH_TEXT);
  if (query.imageKey != null) vendorQuery.imageQuery = toUploadKey('query.imageKey', query.imageKey);
  const persons = toMatch(query.persons, 'query.persons', (name, ids) => toIntegerIds(name, ids, MAX_LIST));
  if (persons) vendorQuery.personQuery = persons;
  const dialog = toMatch(query.dialog, 'query.dialog', toPhrases);
  if (dialog) vendorQuery.dialogQuery = dialog;

  const vendorFilter: Record<string, unknown> = {};
  if (filter.projectIds && filter.projectIds.length > 0) vendorFilter.projectIds = toIntegerIds('filter.projectIds', filter.projectIds, MAX_FILTER_IDS);
  if (filter.assetIds && filter.assetIds.length > 0) vendorFilter.assetIds = toIntegerIds('filter.assetIds', filter.assetIds, MAX_FILTER_IDS);
  if (!vendorFilter.projectIds && !vendorFilter.assetIds)
    throw badInput('filter needs at least one of projectIds and assetIds (non-empty)', 'filter.projectIds');
  if (filter.mediaTypes && filter.mediaTypes.length > 0) {
    if (filter.mediaTypes.includes('UNKNOWN')) throw badInput('filter.mediaTypes must not contain UNKNOWN', 'filter.mediaTypes');
    vendorFilter.assetTypes = [...new Set(filter.mediaTypes)];
  }
  const from = filter.indexModifiedFrom ?? null;
  const to = filter.indexModifiedTo ?? null;
  if (from && to && from.getTime() > to.getTime())
    throw badInput('filter.indexModifiedFrom must not be after filter.indexModifiedTo', 'filter.indexModifiedFrom');
  if (from) vendorFilter.indexModifiedFrom = toVendorLocalTime(from, timeZone);
  if (to) vendorFilter.indexModifiedTo = toVendorLocalTime(to, timeZone);

  const body: Record<string, unknown> = { query: vendorQuery, filter: vendorFilter };
  if (input.confidenceLevel) body.queryOption = { confidenceLevel: input.confidenceLevel };
  return body;
}
