import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import type { VendorWorkspace } from '../../upstream/read-types.js';
import { toPathId } from '../validate/asset-input.js';
import { loadWorkspace } from '../Workspace.js';

/** Reads the details at once, so an unknown name is NOT_FOUND here rather than on some field below. */
export const workspace: NonNullable<QueryResolvers['workspace']> = async (_parent, args, ctx) => {
  const name = toPathId('name', args.name);
  const record: VendorWorkspace = (await loadWorkspace(ctx, name)) ?? {};
  return { name, record };
};
