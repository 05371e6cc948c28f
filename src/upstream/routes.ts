import type { AnalyzeEndpoint } from '../config/config.js';
import type { AssetRef } from './asset-ref.js';

/**
 * Upstream request-targets (reference §8). Callers pass identifiers already checked by
 * src/resolvers/validate/asset-input.ts, so no encoding happens here and the signed string is the one sent.
 */
export function assetPath(ref: AssetRef): string {
  return `/api/v1/workspaces/${ref.workspaceName}/projects/${ref.projectId}/assets/${ref.assetId}`;
}

/** `index` is the current endpoint (the default); `analyze` the deprecated one, removed January 2027 (reference §10). */
export function analyzePath(endpoint: AnalyzeEndpoint, ref: AssetRef): string {
  return `${assetPath(ref)}${endpoint === 'index' ? '/index' : '/analyze'}`;
}

export function analysisStatusPath(endpoint: AnalyzeEndpoint, ref: AssetRef): string {
  return `${assetPath(ref)}${endpoint === 'index' ? '/index/status' : '/analyze-status'}`;
}

export function workspacesPath(paging: { page: number; pageSize: number }): string {
  return `/api/v1/workspaces?pageNum=${paging.page}&pageSize=${paging.pageSize}`;
}

export function workspacePath(workspaceName: string): string {
  return `/api/v1/workspaces/${workspaceName}`;
}

export function projectsPath(workspaceName: string): string {
  return `${workspacePath(workspaceName)}/projects`;
}

export function projectPath(workspaceName: string, projectId: string): string {
  return `${projectsPath(workspaceName)}/${projectId}`;
}

export function assetsPath(workspaceName: string, projectId: string, paging: { page: number; pageSize: number }): string {
  return `${projectPath(workspaceName, projectId)}/assets?pageNum=${paging.page}&pageSize=${paging.pageSize}`;
}

/** The table's path, not the curl example's `video-assets` (reference §5). */
export function importAssetPath(workspaceName: string, projectId: string): string {
  return `${projectPath(workspaceName, projectId)}/assets/import/object-storage`;
}

export function importStatusPath(ref: AssetRef): string {
  return `${assetPath(ref)}/import-status`;
}

/** POST (request analysis; the only endpoint that knows custom scene lengths) and DELETE (latest index), reference §8.4-8.5. */
export function indexPath(ref: AssetRef): string {
  return `${assetPath(ref)}/index`;
}

/** POST …/index/cancel, or the deprecated DELETE …/analyze (reference §8.4). */
export function cancelAnalysisRequest(endpoint: AnalyzeEndpoint, ref: AssetRef): { method: 'POST' | 'DELETE'; path: string } {
  return endpoint === 'index' ? { method: 'POST', path: `${assetPath(ref)}/index/cancel` } : { method: 'DELETE', path: `${assetPath(ref)}/analyze` };
}

export function indexesPath(ref: AssetRef): string {
  return `${assetPath(ref)}/indexes`;
}

/** DELETE target of one index: the deprecated per-index form (reference §8.5); `indexPath` is the current one. */
export function indexDeletePath(ref: AssetRef, indexId: string): string {
  return `${indexesPath(ref)}/${indexId}`;
}

export function indexDetailsPath(ref: AssetRef, indexId: string, confidenceLevel: string): string {
  return `${indexesPath(ref)}/${indexId}?confidence_level=${confidenceLevel}`;
}
