import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { unreadableAnswer } from '../../upstream/map-error.js';
import { toVendorIdString, type VendorAsset } from '../../upstream/read-types.js';
import { importAssetPath } from '../../upstream/routes.js';
import { isPathId, toBucketName, toObjectKey, toPathId } from '../validate/asset-input.js';

/**
 * registerAsset: one signed POST …/assets/import/object-storage (reference §8.3), never retried.
 * Registration goes on asynchronously; the returned Asset's `registration` reads import-status.
 */
export const registerAsset: NonNullable<MutationResolvers['registerAsset']> = async (_parent, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const projectId = toPathId('projectId', input.projectId);
  const body = { key: toObjectKey(input.key), bucketName: toBucketName(input.bucketName) };
  const result = await ctx.vendor.call<VendorAsset | undefined>({
    method: 'POST',
    path: importAssetPath(workspaceName, projectId),
    body,
    endpoint: 'import-asset',
  });
  // Reads made earlier in this request (another field, an alias) may now be stale.
  ctx.loaders.forget();
  const assetId = toVendorIdString(result?.assetId);
  if (assetId === null || !isPathId(assetId)) throw unreadableAnswer(200, 'register-asset result without a usable assetId');
  return { workspaceName, projectId, assetId };
};
