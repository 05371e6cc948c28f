import type { AnalyzeEndpoint } from '../config.js';
import type { AssetRef } from '../validate.js';

/**
 * Upstream request-targets (reference §8). Callers pass identifiers already checked by
 * src/validate.ts, so no encoding happens here and the signed string is the one sent.
 */
export function assetPath(ref: AssetRef): string {
  return `/api/v1/workspaces/${ref.workspaceName}/projects/${ref.projectId}/assets/${ref.assetId}`;
}

/** `analyze` is the documented endpoint; `index` its announced successor (reference §10). */
export function analyzePath(endpoint: AnalyzeEndpoint, ref: AssetRef): string {
  return `${assetPath(ref)}${endpoint === 'index' ? '/index' : '/analyze'}`;
}

export function analysisStatusPath(endpoint: AnalyzeEndpoint, ref: AssetRef): string {
  return `${assetPath(ref)}${endpoint === 'index' ? '/index/status' : '/analyze-status'}`;
}
