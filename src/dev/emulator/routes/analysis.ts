import { analysisRunning, miOk, nothingToAnalyze, nothingToCancel } from '../envelopes.js';
import { USER_NAME } from '../store.js';
import { param, objectBody, ReplyError, requireAsset, type RouteContext, type RouteHandler } from './context.js';
import { parseAnalysisBody } from './analysis-body.js';

function requestAnalysis(ctx: RouteContext, endpoint: 'index' | 'analyze') {
  const asset = requireAsset(ctx);
  const setting = parseAnalysisBody(objectBody(ctx), endpoint, ctx.store);
  if (ctx.store.uploadStatus(asset, ctx.now) !== 'COMPLETED') throw new ReplyError(nothingToAnalyze());
  if (ctx.store.isRunning(asset, ctx.now)) throw new ReplyError(analysisRunning());
  const run = ctx.store.startAnalysis(param(ctx, 'ws'), asset, setting, endpoint, ctx.now);
  return miOk({ id: run.indexId, createdTime: ctx.time(run.requestedAt), createdUserName: USER_NAME });
}

/** POST .../index (current) */
export const requestIndex: RouteHandler = (ctx) => requestAnalysis(ctx, 'index');
/** POST .../analyze (deprecated, removal January 2027) */
export const requestAnalyze: RouteHandler = (ctx) => requestAnalysis(ctx, 'analyze');

/** GET .../analyze-status and GET .../index/status: same assumed shape (fixture get-index-status.json). */
export const getAnalysisStatus: RouteHandler = (ctx) => miOk(ctx.store.status(requireAsset(ctx), ctx.now));

/** POST .../index/cancel and the deprecated DELETE .../analyze; both answer code/message only. */
export const cancelAnalysis: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  if (!ctx.store.cancelAnalysis(asset, ctx.now)) throw new ReplyError(nothingToCancel());
  return miOk();
};
