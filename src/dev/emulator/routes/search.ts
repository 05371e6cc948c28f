import { invalidRequest, miOk, notFound } from '../envelopes.js';
import { searchStatus, type SearchHit } from '../search-store.js';
import { isRecord, objectBody, param, ReplyError, requireWorkspace, type RouteContext, type RouteHandler } from './context.js';
import { isUploaded } from './query-uploads.js';

const FORBIDDEN = /[;|`]/;
const SCENES_PER_ASSET = 3;

function intList(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => Number.isSafeInteger(v) && v > 0)) throw new ReplyError(invalidRequest());
  return value as number[];
}

function checkMatch(value: unknown, item: (v: unknown) => boolean): void {
  if (value === undefined) return;
  if (!isRecord(value)) throw new ReplyError(invalidRequest());
  for (const list of Object.values(value)) if (!Array.isArray(list) || !list.every(item)) throw new ReplyError(invalidRequest());
}

/**
 * POST /workspaces/{ws}/assets/search (reference §8.7): exactly one of textQuery and imageQuery, one of
 * filter.projectIds and filter.assetIds [3P]. Hits: three scenes per indexed asset in the filter; a text
 * with "nothing" finds none and one with "fail" ends FAILED.
 */
export const startSearch: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const body = objectBody(ctx);
  const query = body.query;
  if (!isRecord(query)) throw new ReplyError(invalidRequest());
  const text = query.textQuery;
  const image = query.imageQuery;
  if ((text === undefined) === (image === undefined)) throw new ReplyError(invalidRequest());
  if (text !== undefined && (typeof text !== 'string' || text.trim() === '' || FORBIDDEN.test(text))) throw new ReplyError(invalidRequest());
  if (image !== undefined && (typeof image !== 'string' || !isUploaded(ctx, image))) throw new ReplyError(invalidRequest());
  checkMatch(query.personQuery, (v) => Number.isSafeInteger(v));
  checkMatch(query.dialogQuery, (v) => typeof v === 'string' && !FORBIDDEN.test(v));
  const filter = isRecord(body.filter) ? body.filter : {};
  const projectIds = intList(filter.projectIds);
  const assetIds = intList(filter.assetIds);
  if (!projectIds && !assetIds) throw new ReplyError(invalidRequest());
  const types = Array.isArray(filter.assetTypes) ? new Set(filter.assetTypes) : null;

  const hits: SearchHit[] = [];
  if (!(typeof text === 'string' && text.includes('nothing'))) {
    for (const asset of ctx.store.assets.values()) {
      const project = ctx.store.projects.get(asset.projectId);
      if (project?.workspace !== ws.name) continue;
      if (!(projectIds?.includes(asset.projectId) || assetIds?.includes(asset.id))) continue;
      if (types && !types.has(asset.assetType)) continue;
      const index = ctx.store.indexesOf(asset, ctx.now).at(-1);
      if (!index) continue;
      for (let scene = 1; scene <= SCENES_PER_ASSET; scene++) {
        hits.push({ projectId: asset.projectId, assetId: asset.id, indexId: index.id, sceneId: scene, score: 0.9 - hits.length / 100 });
      }
    }
  }
  const id = ctx.store.search.newSearchId();
  ctx.store.search.searches.set(id, {
    id,
    workspace: ws.name,
    startedAt: ctx.now,
    stepMs: ctx.store.search.stepMs,
    willFail: typeof text === 'string' && text.includes('fail'),
    hits,
  });
  return miOk({ searchId: id });
};

function pagingOf(ctx: RouteContext): { page: number; pageSize: number } {
  const page = Number(ctx.query.get('pageNum') ?? '1');
  const pageSize = Number(ctx.query.get('pageSize') ?? '50');
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new ReplyError(invalidRequest());
  return { page, pageSize };
}

/** GET /workspaces/{ws}/assets/search/{sid}: status; totalCount and results[] only when COMPLETED. */
export const getSearch: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const search = ctx.store.search.searches.get(param(ctx, 'sid'));
  if (!search || search.workspace !== ws.name) throw new ReplyError(notFound());
  const { page, pageSize } = pagingOf(ctx);
  const status = searchStatus(search, ctx.now);
  if (status !== 'COMPLETED') return miOk({ status });
  const results = search.hits.slice((page - 1) * pageSize, page * pageSize);
  return miOk({ status, totalCount: search.hits.length, results });
};
