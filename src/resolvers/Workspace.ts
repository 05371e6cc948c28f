import type { WorkspaceResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../graphql/context.js';
import type { VendorProject, VendorWorkspace } from '../upstream/read-types.js';
import { projectPath, projectsPath, workspacePath } from '../upstream/routes.js';
import { toList } from '../upstream/to-page.js';
import { toPathId } from './validate/asset-input.js';
import { loadEnvelope, loadResult } from './load-envelope.js';
import type { WorkspaceModel } from './mapping/models.js';
import { toNullableIntCount } from './mapping/to-graphql-int.js';
import { toProjectModels } from './mapping/to-models.js';
import { workspacePersonFields } from './workspace-persons.js';

export function loadWorkspace(ctx: Pick<Context, 'loaders'>, name: string): Promise<VendorWorkspace | undefined> {
  return loadResult<VendorWorkspace>(ctx, workspacePath(name), 'workspace');
}

/** List items lack monthlyAnalysisCount (reference §8.1): only that field reads the details. */
async function detailed(ws: WorkspaceModel, ctx: Pick<Context, 'loaders'>): Promise<VendorWorkspace> {
  if (ws.record && 'monthlyAnalysisCount' in ws.record) return ws.record;
  return (await loadWorkspace(ctx, ws.name)) ?? {};
}

export const Workspace: WorkspaceResolvers = {
  name: (ws) => ws.name,
  url: (ws) => ws.record?.workspaceUrl ?? null,
  bucketName: (ws) => ws.record?.bucketName ?? null,
  monthlyAnalysisCount: async (ws, _args, ctx) => toNullableIntCount((await detailed(ws, ctx)).monthlyAnalysisCount, 'Workspace.monthlyAnalysisCount', ctx.log),
  createdAt: (ws, _args, ctx) => ctx.readVendorTime(ws.record?.createdTime),
  createdBy: (ws) => ws.record?.createdUserName ?? null,
  updatedAt: (ws, _args, ctx) => ctx.readVendorTime(ws.record?.updatedTime),
  updatedBy: (ws) => ws.record?.updatedUserName ?? null,
  projects: async (ws, _args, ctx) => {
    // totalCount and projects[] may sit inside result or beside it (reference §8.2, §14).
    const envelope = await loadEnvelope(ctx, projectsPath(ws.name), 'list-projects');
    return toProjectModels(ws.name, toList<unknown>(envelope, 'projects'), ctx.log);
  },
  project: async (ws, args, ctx) => {
    const id = toPathId('id', args.id);
    const record = (await loadResult<VendorProject>(ctx, projectPath(ws.name, id), 'project')) ?? {};
    return { workspaceName: ws.name, id, record };
  },
  ...workspacePersonFields,
};
