import type { AssetActionResultResolvers } from '../__generated__/resolvers-types.js';

/** Built only once the vendor accepted the action (a refusal is an error instead). */
export const AssetActionResult: AssetActionResultResolvers = {
  accepted: () => true,
  asset: (result) => result.asset,
};
