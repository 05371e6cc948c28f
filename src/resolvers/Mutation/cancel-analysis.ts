import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { ErrorCode, GatewayError, isGatewayError } from '../../errors.js';
import { cancelAnalysisRequest } from '../../vendor/routes.js';
import { toAssetRef } from '../../validate.js';

/**
 * cancelAnalysis: POST …/index/cancel, or the deprecated DELETE …/analyze when MI_ANALYZE_ENDPOINT=analyze
 * (reference §8.4). Never retried. The vendor's 409 here means "nothing queued or running", the opposite
 * of what ANALYSIS_IN_PROGRESS tells a client, so it is answered as BAD_USER_INPUT (not retryable).
 */
export const cancelAnalysis: NonNullable<MutationResolvers['cancelAnalysis']> = async (_parent, { input }, ctx) => {
  const asset = toAssetRef(input);
  const { method, path } = cancelAnalysisRequest(ctx.config.analyzeEndpoint, asset);
  try {
    await ctx.vendor.call<unknown>({ method, path, endpoint: ctx.config.analyzeEndpoint === 'index' ? 'index-cancel' : 'analyze-cancel' });
  } catch (error) {
    if (isGatewayError(error) && error.code === ErrorCode.ANALYSIS_IN_PROGRESS) {
      throw new GatewayError('Nothing to cancel: no analysis of this asset is queued or running', ErrorCode.BAD_USER_INPUT, {
        ...(error.extensions.upstream ? { upstream: error.extensions.upstream } : {}),
      });
    }
    throw error;
  }
  ctx.loaders.forget();
  return { asset };
};
