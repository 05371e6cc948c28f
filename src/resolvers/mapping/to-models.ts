import type { Logger } from '../../observability/logger.js';
import { isRecord } from '../../common/is-record.js';
import { toVendorIdString, type VendorAsset, type VendorIndex, type VendorProject, type VendorWorkspace } from '../../upstream/read-types.js';
import type { AssetRef } from '../../upstream/asset-ref.js';
import { isPathId } from '../validate/asset-input.js';
import type { AssetModel, IndexModel, ProjectModel, WorkspaceModel } from './models.js';

/**
 * List items -> parents. Ids arrive as integers or strings (reference §5) and later build request-targets,
 * so an item whose id is missing or not path-safe cannot be followed: it is left out and logged rather
 * than failing the whole list.
 */
function safeId(value: unknown): string | null {
  const id = toVendorIdString(value);
  return id !== null && isPathId(id) ? id : null;
}

function skip(log: Logger, kind: string): null {
  log.warn({ kind }, 'vendor list item without a usable id left out');
  return null;
}

export function toWorkspaceModels(items: readonly unknown[], log: Logger): WorkspaceModel[] {
  return items.flatMap((item) => {
    const record = isRecord(item) ? (item as VendorWorkspace) : undefined;
    const name = safeId(record?.workspaceName);
    return name && record ? [{ name, record }] : (skip(log, 'workspace') ?? []);
  });
}

export function toProjectModels(workspaceName: string, items: readonly unknown[], log: Logger): ProjectModel[] {
  return items.flatMap((item) => {
    const record = isRecord(item) ? (item as VendorProject) : undefined;
    const id = safeId(record?.projectId);
    return id && record ? [{ workspaceName, id, record }] : (skip(log, 'project') ?? []);
  });
}

/** The project of the path, not the item's projectId, keys the asset: that is where it was found. */
export function toAssetModels(workspaceName: string, projectId: string, items: readonly unknown[], log: Logger): AssetModel[] {
  return items.flatMap((item) => {
    const record = isRecord(item) ? (item as VendorAsset) : undefined;
    const assetId = safeId(record?.assetId);
    return assetId && record ? [{ workspaceName, projectId, assetId, record }] : (skip(log, 'asset') ?? []);
  });
}

export function toIndexModels(asset: AssetRef, items: readonly unknown[], log: Logger): IndexModel[] {
  return items.flatMap((item) => {
    const record = isRecord(item) ? (item as VendorIndex) : undefined;
    const id = safeId(record?.indexId ?? record?.id);
    return id && record
      ? [{ asset: { workspaceName: asset.workspaceName, projectId: asset.projectId, assetId: asset.assetId }, id, record }]
      : (skip(log, 'index') ?? []);
  });
}

/** Most recent first by createdTime (then by id); with /index there is at most one (reference §6). */
export function latestOf(indexes: readonly IndexModel[], readTime: (value: unknown) => Date | null): IndexModel | null {
  let latest: IndexModel | null = null;
  let latestAt = Number.NEGATIVE_INFINITY;
  for (const index of indexes) {
    const at = readTime(index.record.createdTime)?.getTime() ?? Number.NEGATIVE_INFINITY;
    const newer = at > latestAt || (at === latestAt && latest !== null && compareIds(index.id, latest.id) > 0);
    if (latest === null || newer) {
      latest = index;
      latestAt = at;
    }
  }
  return latest;
}

function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
