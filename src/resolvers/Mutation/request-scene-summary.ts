import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { badInput, ErrorCode, GatewayError } from '../../common/errors.js';
import { indexSceneSummariesPath, sceneSummaryPath } from '../../upstream/search-routes.js';
import { toAssetRef } from '../validate/asset-input.js';
import { MAX_SCENE_IDS, toIntegerIds, toLocale } from '../validate/search-input.js';
import { latestIndexId } from '../load-scene-summary.js';

/**
 * requestSceneSummary (CONTRACT-vendor-surface §B.1): POST …/assets/{a}/scene-summary; under `analyze` the
 * latest index first (NOT_FOUND and no POST without one), then POST …/indexes/{iid}/scene-summaries. One
 * POST, never retried; its 409 (a summary queued or running) is SCENE_SUMMARY_IN_PROGRESS.
 */
export const requestSceneSummary: NonNullable<MutationResolvers['requestSceneSummary']> = async (_parent, { input }, ctx) => {
  const asset = toAssetRef(input);
  const body: Record<string, unknown> = {};
  if (input.sceneIds != null) {
    if (input.sceneIds.length === 0) throw badInput('sceneIds must not be empty when given (omit it for all scenes)', 'sceneIds');
    if (input.locale != null) throw badInput('locale is for full runs only: omit it with sceneIds', 'locale');
    body.sceneIds = toIntegerIds('sceneIds', input.sceneIds, MAX_SCENE_IDS, { distinct: true });
  } else if (input.locale != null) {
    body.locale = toLocale(input.locale);
  }
  let path = sceneSummaryPath(asset);
  let endpoint = 'scene-summary';
  if (ctx.config.analyzeEndpoint === 'analyze') {
    const indexId = await latestIndexId(ctx, asset);
    if (indexId === null) throw new GatewayError('This asset has no completed index to summarise', ErrorCode.NOT_FOUND);
    path = indexSceneSummariesPath(asset, indexId);
    endpoint = 'index-scene-summaries';
  }
  await ctx.vendor.call<unknown>({ method: 'POST', path, body, endpoint, conflict: 'summary-running' });
  ctx.loaders.forget();
  return { asset };
};
