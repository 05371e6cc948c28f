import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { toPathId } from '../validate/asset-input.js';

/** A search by its handle: no upstream call until a field needs one (the gateway stores no search state). */
export const assetSearch: NonNullable<QueryResolvers['assetSearch']> = (_parent, args) => ({
  workspaceName: toPathId('workspaceName', args.workspaceName),
  id: toPathId('id', args.id),
});
