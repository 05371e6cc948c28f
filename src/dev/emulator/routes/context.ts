import { invalidRequest, notFound, type Reply } from '../envelopes.js';
import type { Asset, Project, Store, Workspace } from '../store.js';

/** What a route handler sees. `now` is sampled once per request so one answer is internally consistent. */
export interface RouteContext {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
  store: Store;
  now: number;
  /** Renders an epoch instant as MI's offset-less local date-time. */
  time: (epochMs: number) => string;
}

export type RouteHandler = (ctx: RouteContext) => Reply;

/** Thrown by helpers so handlers can bail out with an error envelope without threading unions around. */
export class ReplyError extends Error {
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(`emulator reply ${reply.status}`);
    this.reply = reply;
  }
}

export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}

/** Path ids are strings in the docs; anything but a plain positive integer cannot name a resource. */
function idParam(ctx: RouteContext, name: string): number {
  const raw = param(ctx, name);
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new ReplyError(notFound());
  return Number(raw);
}

export function requireWorkspace(ctx: RouteContext): Workspace {
  const ws = ctx.store.workspaces.get(param(ctx, 'ws'));
  if (!ws) throw new ReplyError(notFound());
  return ws;
}

export function requireProject(ctx: RouteContext): Project {
  const ws = requireWorkspace(ctx);
  const project = ctx.store.projects.get(idParam(ctx, 'pid'));
  if (!project || project.workspace !== ws.name) throw new ReplyError(notFound());
  return project;
}

export function requireAsset(ctx: RouteContext): Asset {
  const project = requireProject(ctx);
  const asset = ctx.store.assets.get(idParam(ctx, 'aid'));
  if (!asset || asset.projectId !== project.id) throw new ReplyError(notFound());
  return asset;
}

export function indexIdParam(ctx: RouteContext): number {
  return idParam(ctx, 'iid');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as a JSON object, or a 400 10001. */
export function objectBody(ctx: RouteContext): Record<string, unknown> {
  if (!isRecord(ctx.body)) throw new ReplyError(invalidRequest());
  return ctx.body;
}
