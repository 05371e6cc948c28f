import type { CancelAnalysisResultResolvers } from '../__generated__/resolvers-types.js';
import { loadAnalysisStatus } from './load-analysis-status.js';

export const CancelAnalysisResult: CancelAnalysisResultResolvers = {
  cancelled: () => true,
  asset: (result) => result.asset,
  analysisStatus: (result, _args, ctx) => loadAnalysisStatus(ctx, result.asset),
};
