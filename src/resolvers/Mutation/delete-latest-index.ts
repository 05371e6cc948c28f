import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { ErrorCode, GatewayError } from '../../common/errors.js';
import type { VendorEnvelope } from '../../upstream/types.js';
import { indexesPath, indexPath, indexDeletePath } from '../../upstream/routes.js';
import { toList } from '../../upstream/to-page.js';
import { toAssetRef } from '../validate/asset-input.js';
import { latestOf, toIndexModels } from '../mapping/to-models.js';

/**
 * deleteLatestIndex (CONTRACT-vendor-surface §B.1): DELETE …/assets/{id}/index; under
 * MI_ANALYZE_ENDPOINT=analyze a fresh GET …/indexes (not the request's loader: an earlier read in the same
 * document may be stale), then DELETE …/indexes/{newest} (newest createdTime, then the largest id), and
 * NOT_FOUND with no DELETE when there is none. The DELETE goes upstream once, never retried; its 409
 * ("Cannot delete index while analysis is in progress") is ANALYSIS_IN_PROGRESS.
 */
export const deleteLatestIndex: NonNullable<MutationResolvers['deleteLatestIndex']> = async (_parent, { input }, ctx) => {
  const asset = toAssetRef(input);
  let path = indexPath(asset);
  let endpoint = 'index-delete';
  if (ctx.config.analyzeEndpoint === 'analyze') {
    const envelope = await ctx.vendor.call<VendorEnvelope<unknown>>({ method: 'GET', path: indexesPath(asset), endpoint: 'list-indexes', envelope: true });
    const latest = latestOf(toIndexModels(asset, toList<unknown>(envelope, 'indexes'), ctx.log), ctx.readVendorTime);
    if (latest === null) throw new GatewayError('This asset has no index to delete', ErrorCode.NOT_FOUND);
    path = indexDeletePath(asset, latest.id);
    endpoint = 'indexes-delete';
  }
  await ctx.vendor.call<unknown>({ method: 'DELETE', path, endpoint, conflict: 'analysis-running' });
  ctx.loaders.forget();
  return { asset };
};
