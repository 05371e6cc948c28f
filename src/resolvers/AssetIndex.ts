import type { AssetIndexResolvers } from '../__generated__/resolvers-types.js';

export const AssetIndex: AssetIndexResolvers = {
  id: (index) => index.id,
  createdAt: (index) => index.createdAt,
  createdBy: (index) => index.createdBy,
};
