import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { toAssetRef } from '../validate/asset-input.js';
import { loadAnalysisStatus } from '../load-analysis-status.js';

export const analysisStatus: NonNullable<QueryResolvers['analysisStatus']> = (_parent, args, ctx) => loadAnalysisStatus(ctx, toAssetRef(args));
