import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { toAssetRef } from '../validate/asset-input.js';

export const asset: NonNullable<QueryResolvers['asset']> = (_parent, args) => toAssetRef(args);
