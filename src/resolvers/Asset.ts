import type { AssetResolvers, MediaType } from '../__generated__/resolvers-types.js';
import type { Context } from '../graphql/context.js';
import type { VendorAsset, VendorImportStatus } from '../upstream/read-types.js';
import { assetPath, importStatusPath, indexesPath } from '../upstream/routes.js';
import { toList } from '../upstream/to-page.js';
import { toRegistration } from './mapping/to-registration.js';
import { badInput } from '../common/errors.js';
import type { AssetRef } from '../upstream/asset-ref.js';
import { toAssetRef } from './validate/asset-input.js';
import { loadAnalysisStatus } from './load-analysis-status.js';
import { loadEnvelope, loadResult } from './load-envelope.js';
import { loadSceneSummary, loadSceneSummaryStatus } from './load-scene-summary.js';
import type { AssetModel, IndexModel } from './mapping/models.js';
import { latestOf, toIndexModels } from './mapping/to-models.js';

const MEDIA_TYPES = new Set<string>(['IMAGE', 'VIDEO']);

export function toMediaType(value: unknown): MediaType {
  return (typeof value === 'string' && MEDIA_TYPES.has(value) ? value : 'UNKNOWN') as MediaType;
}

/** A key field of an entity reference; a missing one must not become the path segment "undefined". */
function keyField(reference: Record<string, unknown>, field: keyof AssetRef): string {
  const value = reference[field];
  if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) return String(value);
  throw badInput(`an Asset reference needs ${field} (a string)`, field);
}

function keyOf(asset: AssetModel): AssetRef {
  return { workspaceName: asset.workspaceName, projectId: asset.projectId, assetId: asset.assetId };
}

/** The list item when the asset came from a list; otherwise the asset details (one GET per request). */
async function recordOf(asset: AssetModel, ctx: Pick<Context, 'loaders'>): Promise<VendorAsset> {
  return asset.record ?? (await loadResult<VendorAsset>(ctx, assetPath(asset), 'asset')) ?? {};
}

/** totalCount and indexes[] inside result or, tolerated, beside it (the community spec lost `result`, §14). */
export async function loadIndexes(ctx: Pick<Context, 'loaders' | 'log'>, asset: AssetRef): Promise<IndexModel[]> {
  const envelope = await loadEnvelope(ctx, indexesPath(asset), 'list-indexes');
  return toIndexModels(asset, toList<unknown>(envelope, 'indexes'), ctx.log);
}

export const Asset: AssetResolvers = {
  // Federation entity lookup: references from other subgraphs are validated like client input. Async, so a
  // bad reference fails only its own entry of `_entities`, not the whole batch (@apollo/subgraph maps synchronously).
  __resolveReference: async (reference) =>
    toAssetRef({ workspaceName: keyField(reference, 'workspaceName'), projectId: keyField(reference, 'projectId'), assetId: keyField(reference, 'assetId') }),
  workspaceName: (asset) => asset.workspaceName,
  projectId: (asset) => asset.projectId,
  assetId: (asset) => asset.assetId,
  fileName: async (asset, _args, ctx) => (await recordOf(asset, ctx)).fileName ?? null,
  type: async (asset, _args, ctx) => {
    const record = await recordOf(asset, ctx);
    const raw = record.assetType ?? record.type;
    return raw == null ? null : toMediaType(raw);
  },
  createdAt: async (asset, _args, ctx) => ctx.readVendorTime((await recordOf(asset, ctx)).createdTime),
  createdBy: async (asset, _args, ctx) => {
    const record = await recordOf(asset, ctx);
    return record.createdUserName ?? record.createUserName ?? null;
  },
  metaData: async (asset, _args, ctx) => (await recordOf(asset, ctx)).metaData ?? null,
  registration: async (asset, _args, ctx) => toRegistration(await loadResult<VendorImportStatus>(ctx, importStatusPath(asset), 'import-status')),
  analysisStatus: (asset, _args, ctx) => loadAnalysisStatus(ctx, keyOf(asset)),
  indexes: (asset, _args, ctx) => loadIndexes(ctx, keyOf(asset)),
  latestIndex: async (asset, _args, ctx) => latestOf(await loadIndexes(ctx, keyOf(asset)), ctx.readVendorTime),
  sceneSummaryStatus: (asset, _args, ctx) => loadSceneSummaryStatus(ctx, keyOf(asset)),
  sceneSummary: (asset, _args, ctx) => loadSceneSummary(ctx, keyOf(asset)),
};
