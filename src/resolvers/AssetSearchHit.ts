import type { AssetSearchHitResolvers } from '../__generated__/resolvers-types.js';

/** `asset` is null when the hit names no usable projectId + assetId; `raw` is the hit as sent. */
export const AssetSearchHit: AssetSearchHitResolvers = {
  asset: (hit) => hit.asset ?? null,
  indexId: (hit) => hit.indexId ?? null,
  raw: (hit) => hit.raw,
};
