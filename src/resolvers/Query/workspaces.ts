import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import { workspacesPath } from '../../upstream/routes.js';
import { toPage } from '../../upstream/to-page.js';
import { toPaging } from '../validate/asset-input.js';
import { loadEnvelope } from '../load-envelope.js';
import { toPageCounters } from '../mapping/to-graphql-int.js';
import { toWorkspaceModels } from '../mapping/to-models.js';

export const workspaces: NonNullable<QueryResolvers['workspaces']> = async (_parent, args, ctx) => {
  const paging = toPaging(args);
  const envelope = await loadEnvelope(ctx, workspacesPath(paging), 'list-workspaces');
  const page = toPage(envelope, paging);
  return { nodes: toWorkspaceModels(page.items, ctx.log), ...toPageCounters(page, 'WorkspacePage', ctx.log) };
};
