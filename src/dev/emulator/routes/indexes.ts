import { deleteWhileRunning, invalidRequest, miOk, notFound } from '../envelopes.js';
import { indexIdParam, ReplyError, requireAsset, type RouteHandler } from './context.js';
import { indexPayload, type ConfidenceLevel } from './index-payload.js';
import { indexView } from './views.js';

const LEVELS = new Set<string>(['LOW', 'MEDIUM', 'HIGH']);

export const listIndexes: RouteHandler = (ctx) => {
  const indexes = ctx.store.indexesOf(requireAsset(ctx), ctx.now).map((i) => indexView(ctx, i));
  return miOk({ totalCount: indexes.length, indexes });
};

export const getIndexDetails: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  const level = ctx.query.get('confidence_level') ?? 'MEDIUM';
  if (!LEVELS.has(level)) throw new ReplyError(invalidRequest());
  const iid = indexIdParam(ctx);
  // An index still being produced is not readable yet: it only exists once settled.
  const index = ctx.store.indexesOf(asset, ctx.now).find((i) => i.id === iid);
  if (!index) throw new ReplyError(notFound());
  return miOk({ ...indexView(ctx, index), ...indexPayload(index, level as ConfidenceLevel) });
};

/** DELETE .../index (current): the latest completed index; 409 while an analysis runs (reference §8.5). */
export const deleteLatestIndex: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  if (ctx.store.isRunning(asset, ctx.now)) throw new ReplyError(deleteWhileRunning());
  const latest = ctx.store.indexesOf(asset, ctx.now).at(-1);
  if (!latest || !ctx.store.deleteIndex(asset, latest.id, ctx.now)) throw new ReplyError(notFound());
  return miOk();
};

/** DELETE .../indexes/{iid} (deprecated, removal January 2027): one index; the same 409 while an analysis runs. */
export const deleteIndex: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  const iid = indexIdParam(ctx);
  if (ctx.store.isRunning(asset, ctx.now)) throw new ReplyError(deleteWhileRunning());
  if (!ctx.store.deleteIndex(asset, iid, ctx.now)) throw new ReplyError(notFound());
  return miOk();
};
