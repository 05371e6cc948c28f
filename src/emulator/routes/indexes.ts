import { invalidRequest, miOk, notFound } from '../envelopes.js';
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
