import type { AssetResolvers } from '../__generated__/resolvers-types.js';
import { toAssetRef } from '../validate.js';
import { loadAnalysisStatus } from './load-analysis-status.js';

export const Asset: AssetResolvers = {
  // Federation entity lookup: references from other subgraphs are validated like client input.
  __resolveReference: (reference) => toAssetRef({ workspaceName: String(reference.workspaceName), projectId: String(reference.projectId), assetId: String(reference.assetId) }),
  workspaceName: (ref) => ref.workspaceName,
  projectId: (ref) => ref.projectId,
  assetId: (ref) => ref.assetId,
  analysisStatus: (ref, _args, ctx) => loadAnalysisStatus(ctx, ref),
};
