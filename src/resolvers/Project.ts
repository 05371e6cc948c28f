import type { ProjectResolvers } from '../__generated__/resolvers-types.js';
import { assetsPath } from '../upstream/routes.js';
import { toPage } from '../upstream/to-page.js';
import { toPaging } from './validate/asset-input.js';
import { loadEnvelope } from './load-envelope.js';
import { toPageCounters } from './mapping/to-graphql-int.js';
import { toAssetModels } from './mapping/to-models.js';

export const Project: ProjectResolvers = {
  workspaceName: (project) => project.workspaceName,
  id: (project) => project.id,
  name: (project) => project.record?.name ?? null,
  isBaseProject: (project) => (typeof project.record?.isBaseProject === 'boolean' ? project.record.isBaseProject : null),
  createdAt: (project, _args, ctx) => ctx.readVendorTime(project.record?.createdTime),
  createdBy: (project) => project.record?.createdUserName ?? null,
  updatedAt: (project, _args, ctx) => ctx.readVendorTime(project.record?.updatedTime),
  updatedBy: (project) => project.record?.updatedUserName ?? null,
  assets: async (project, args, ctx) => {
    const paging = toPaging(args);
    const envelope = await loadEnvelope(ctx, assetsPath(project.workspaceName, project.id, paging), 'list-assets');
    const page = toPage(envelope, paging);
    return {
      nodes: toAssetModels(project.workspaceName, project.id, page.items, ctx.log),
      ...toPageCounters(page, 'AssetPage', ctx.log),
    };
  },
};
