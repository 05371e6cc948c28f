import type { AssetSearchResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../graphql/context.js';
import type { VendorAsset } from '../upstream/read-types.js';
import { searchResultPath } from '../upstream/search-routes.js';
import { toAssetSearchStatus, toSearchHits, type AssetSearchStatusModel, type SearchHitModel } from './mapping/to-search.js';
import { toSearchPaging } from './validate/search-input.js';
import { loadEnvelope } from './load-envelope.js';
import type { AssetSearchModel } from './mapping/models.js';

/** The status shares the call of a default `results` (page 1, 50): one GET per distinct page per request. */
const STATUS_PAGING = { page: 1, pageSize: 50 };

function loadPage(ctx: Pick<Context, 'loaders'>, search: AssetSearchModel, paging: { page: number; pageSize: number }) {
  return loadEnvelope(ctx, searchResultPath(search.workspaceName, search.id, paging), 'asset-search-result');
}

/** A hit names its asset by projectId + assetId; asset fields it does not carry read the asset (one GET per distinct asset). */
function hitAsset(workspaceName: string, hit: SearchHitModel) {
  if (!hit.ref) return null;
  const raw = hit.raw as Record<string, unknown>;
  const carries = typeof raw.fileName === 'string';
  return { workspaceName, ...hit.ref, ...(carries ? { record: raw as VendorAsset } : {}) };
}

export const AssetSearch: AssetSearchResolvers = {
  workspaceName: (search) => search.workspaceName,
  id: (search) => search.id,
  searchStatus: async (search, _args, ctx): Promise<AssetSearchStatusModel> => toAssetSearchStatus(await loadPage(ctx, search, STATUS_PAGING)),
  results: async (search, args, ctx) => {
    const paging = toSearchPaging(args);
    const envelope = await loadPage(ctx, search, paging);
    const status = toAssetSearchStatus(envelope);
    if (status.status !== 'COMPLETED') return null;
    const hits = toSearchHits(envelope);
    const totalCount = status.totalCount ?? hits.length;
    return {
      nodes: hits.map((hit) => ({ asset: hitAsset(search.workspaceName, hit), indexId: hit.indexId, raw: hit.raw })),
      totalCount,
      totalPages: Math.ceil(totalCount / paging.pageSize),
      page: paging.page,
      pageSize: paging.pageSize,
    };
  },
};
