import { miOk } from '../envelopes.js';
import { requireProject, requireWorkspace, type RouteHandler } from './context.js';
import { page, readPaging } from './paging.js';
import { projectView, workspaceView } from './views.js';

export const listWorkspaces: RouteHandler = (ctx) => {
  const paging = readPaging(ctx);
  const all = [...ctx.store.workspaces.values()].map((ws) => workspaceView(ctx, ws));
  return miOk(page(all, paging));
};

export const getWorkspace: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  return miOk({ ...workspaceView(ctx, ws), monthlyAnalysisCount: ctx.store.analysisCounts.get(ws.name) ?? 0 });
};

/** No paging on the project list; `totalCount` sits inside `result` (the vendor table is ambiguous, §8.2). */
export const listProjects: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const projects = ctx.store.projectsOf(ws.name).map((p) => projectView(ctx, p));
  return miOk({ totalCount: projects.length, projects });
};

export const getProject: RouteHandler = (ctx) => miOk(projectView(ctx, requireProject(ctx)));
