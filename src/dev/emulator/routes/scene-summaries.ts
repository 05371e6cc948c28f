import { invalidRequest, miError, miOk, notFound } from '../envelopes.js';
import { isSummaryRunning, summaryStatus, type SummaryRun } from '../search-store.js';
import type { Asset } from '../store.js';
import { indexIdParam, objectBody, ReplyError, requireAsset, type RouteContext, type RouteHandler } from './context.js';

// ASSUMED texts and codes (reference §15, CONTRACT-vendor-surface §D.5): the 409s are assumed.
const summaryRunning = () => miError(409, '409', 'Scene summary is already in progress');
const nothingToCancel = () => miError(409, '409', 'Cannot cancel scene summary in the current state');
const noCompletedIndex = () => miError(400, '10001', 'No completed index to summarize.');
const notSummarized = () => miError(400, '10001', 'The scene summary is not completed.');
const firstRunCoversAll = () => miError(400, '10001', 'The first scene summary must cover all scenes.');
const SCENES = 3;

function readIds(value: unknown): number[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => Number.isSafeInteger(v) && v > 0)) throw new ReplyError(invalidRequest());
  return value as number[];
}

function start(ctx: RouteContext, asset: Asset, indexId: number): void {
  const body = ctx.body === undefined ? {} : objectBody(ctx);
  const sceneIds = readIds(body.sceneIds);
  const locale = body.locale;
  if (locale !== undefined && (typeof locale !== 'string' || sceneIds !== null)) throw new ReplyError(invalidRequest());
  const previous = ctx.store.search.summaries.get(asset.id);
  if (isSummaryRunning(previous, ctx.now)) throw new ReplyError(summaryRunning());
  const sameIndex = previous?.indexId === indexId;
  const hadCompleted = sameIndex && (previous.hadCompleted || summaryStatus(previous, ctx.now) === 'SUMMARIZE_COMPLETED');
  if (sceneIds !== null && !hadCompleted) throw new ReplyError(firstRunCoversAll());
  const run: SummaryRun = {
    indexId,
    requestedAt: ctx.now,
    stepMs: ctx.store.search.stepMs,
    willFail: asset.fileName.includes('fail'),
    cancelledAt: undefined,
    sceneIds,
    locale: typeof locale === 'string' ? locale : sameIndex ? previous.locale : null,
    hadCompleted,
  };
  ctx.store.search.summaries.set(asset.id, run);
}

function latestIndex(ctx: RouteContext, asset: Asset): number {
  const index = ctx.store.indexesOf(asset, ctx.now).at(-1);
  if (!index) throw new ReplyError(noCompletedIndex());
  return index.id;
}

function summaryView(ctx: RouteContext, run: SummaryRun) {
  const scenes = run.sceneIds ?? Array.from({ length: SCENES }, (_, i) => i + 1);
  return {
    indexId: run.indexId,
    sceneSummaryInfo: { lastAnalyzedAt: ctx.time(run.requestedAt + 2 * run.stepMs), analyzedSceneIds: run.sceneIds },
    sceneSummaries: scenes.map((sceneId) => ({ sceneId, summary: `Scene ${sceneId}: a presenter speaks on stage.`, locale: run.locale ?? 'en' })),
  };
}

/** The completed summary of that index, or the vendor's errors: 404 if none exists, 400 unless completed. */
function readSummary(ctx: RouteContext, asset: Asset, indexId: number | null) {
  const run = ctx.store.search.summaries.get(asset.id);
  if (!run || (indexId !== null && run.indexId !== indexId)) throw new ReplyError(notFound());
  if (summaryStatus(run, ctx.now) !== 'SUMMARIZE_COMPLETED') throw new ReplyError(notSummarized());
  return miOk(summaryView(ctx, run));
}

/** POST …/assets/{aid}/scene-summary (current, §15): the latest completed index; 409 while one runs. */
export const requestSceneSummary: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  start(ctx, asset, latestIndex(ctx, asset));
  return miOk();
};

export const getSceneSummary: RouteHandler = (ctx) => readSummary(ctx, requireAsset(ctx), null);

export const getSceneSummaryStatus: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  const run = ctx.store.search.summaries.get(asset.id);
  const status = summaryStatus(run, ctx.now);
  return miOk({ status, ...(status === 'SUMMARIZE_FAIL' ? { message: 'Scene summary failed.' } : {}) });
};

/** POST …/scene-summary/cancel: only from WAIT_SUMMARIZE or SUMMARIZING. */
export const cancelSceneSummary: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  const run = ctx.store.search.summaries.get(asset.id);
  if (!run || !isSummaryRunning(run, ctx.now)) throw new ReplyError(nothingToCancel());
  run.cancelledAt = ctx.now;
  return miOk();
};

/** Deprecated per-index forms (reference §8.6, removal January 2027). */
export const requestIndexSceneSummaries: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  const iid = indexIdParam(ctx);
  if (!ctx.store.indexesOf(asset, ctx.now).some((i) => i.id === iid)) throw new ReplyError(notFound());
  start(ctx, asset, iid);
  return miOk();
};

export const getIndexSceneSummaries: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  const iid = indexIdParam(ctx);
  if (!ctx.store.indexesOf(asset, ctx.now).some((i) => i.id === iid)) throw new ReplyError(notFound());
  return readSummary(ctx, asset, iid);
};
