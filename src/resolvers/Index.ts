// Resolvers of the GraphQL types Index and IndexDetails. Not Index.ts: that would collide with index.ts on
// case-insensitive file systems (macOS, Windows).
import type { IndexDetailsResolvers, IndexResolvers, SceneRange } from '../__generated__/resolvers-types.js';
import { INDEX_HEADER_KEYS, type VendorIndex } from '../upstream/read-types.js';
import { indexDetailsPath } from '../upstream/routes.js';
import { toMediaType } from './Asset.js';
import { loadResult } from './load-envelope.js';
import type { IndexModel } from './mapping/models.js';

const SCENE_RANGES = new Set<string>(['EXTRA_SHORT', 'SHORT', 'MEDIUM', 'LONG']);

/** The header fields shared by an index list item and the index details (reference §8.5). */
const header = {
  id: (index: IndexModel) => index.id,
  type: (index: IndexModel) => toMediaType(index.record.type),
  rawType: (index: IndexModel) => (typeof index.record.type === 'string' ? index.record.type : null),
  createdBy: (index: IndexModel) => index.record.createdUserName ?? null,
  updatedBy: (index: IndexModel) => index.record.updatedUserName ?? null,
  analysisEngine: (index: IndexModel) => index.record.analysisSetting?.analysisEngine ?? null,
  sceneRange: (index: IndexModel) => {
    const value = index.record.analysisSetting?.sceneRange;
    return typeof value === 'string' && SCENE_RANGES.has(value) ? (value as SceneRange) : null;
  },
  analysisSetting: (index: IndexModel) => index.record.analysisSetting ?? null,
};

export const Index: IndexResolvers = {
  ...header,
  createdAt: (index, _args, ctx) => ctx.readVendorTime(index.record.createdTime),
  updatedAt: (index, _args, ctx) => ctx.readVendorTime(index.record.updatedTime),
  details: async (index, args, ctx) => {
    const confidenceLevel = args.confidenceLevel;
    const record = (await loadResult<VendorIndex>(ctx, indexDetailsPath(index.asset, index.id, confidenceLevel), 'index-details')) ?? {};
    // The path's id names the index; `result.indexId` is documented wrongly as the asset id (reference §5).
    return { asset: index.asset, id: index.id, record, confidenceLevel };
  },
};

export const IndexDetails: IndexDetailsResolvers = {
  ...header,
  createdAt: (index, _args, ctx) => ctx.readVendorTime(index.record.createdTime),
  updatedAt: (index, _args, ctx) => ctx.readVendorTime(index.record.updatedTime),
  confidenceLevel: (index) => index.confidenceLevel,
  /** Everything but the typed header: the vendor does not document it, so it passes through (§8.5). */
  payload: (index) => Object.fromEntries(Object.entries(index.record).filter(([key]) => !INDEX_HEADER_KEYS.has(key))),
};
