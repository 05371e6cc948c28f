import type { RouteHandler } from './context.js';
import { cancelAnalysis, getAnalysisStatus, requestAnalyze, requestIndex } from './analysis.js';
import { getAsset, getImportStatus, importFromObjectStorage, listAssets } from './assets.js';
import { deleteIndex, deleteLatestIndex, getIndexDetails, listIndexes } from './indexes.js';
import * as persons from './persons.js';
import * as tags from './tags.js';
import { completeQueryUpload, createQueryUpload } from './query-uploads.js';
import {
  cancelSceneSummary,
  getIndexSceneSummaries,
  getSceneSummary,
  getSceneSummaryStatus,
  requestIndexSceneSummaries,
  requestSceneSummary,
} from './scene-summaries.js';
import { getSearch, startSearch } from './search.js';
import { getProject, getWorkspace, listProjects, listWorkspaces } from './workspaces.js';

const WS = '/workspaces/:ws';
const PROJECT = `${WS}/projects/:pid`;
const ASSET = `${PROJECT}/assets/:aid`;

/** Paths relative to /api/v1 (reference §8); `:name` segments become params. */
const ROUTES: ReadonlyArray<[method: string, pattern: string, handler: RouteHandler]> = [
  ['GET', '/workspaces', listWorkspaces],
  ['GET', WS, getWorkspace],
  ['GET', `${WS}/projects`, listProjects],
  ['GET', PROJECT, getProject],
  ['POST', `${PROJECT}/assets/import/object-storage`, importFromObjectStorage],
  ['GET', `${PROJECT}/assets`, listAssets],
  ['GET', ASSET, getAsset],
  ['GET', `${ASSET}/import-status`, getImportStatus],
  ['POST', `${ASSET}/index`, requestIndex],
  ['POST', `${ASSET}/analyze`, requestAnalyze],
  ['GET', `${ASSET}/index/status`, getAnalysisStatus],
  ['GET', `${ASSET}/analyze-status`, getAnalysisStatus],
  ['POST', `${ASSET}/index/cancel`, cancelAnalysis],
  ['DELETE', `${ASSET}/analyze`, cancelAnalysis],
  ['GET', `${ASSET}/indexes`, listIndexes],
  ['GET', `${ASSET}/indexes/:iid`, getIndexDetails],
  ['DELETE', `${ASSET}/index`, deleteLatestIndex],
  ['DELETE', `${ASSET}/indexes/:iid`, deleteIndex],
  // People DB (reference §8.8): fixed segments (search, recommend-by-thumbnail) before :personId.
  ['POST', `${WS}/persons`, persons.createPerson],
  ['POST', `${WS}/persons/search`, persons.searchPersons],
  ['POST', `${WS}/persons/recommend-by-thumbnail`, persons.recommendByThumbnail],
  ['GET', `${WS}/persons/:personId`, persons.getPerson],
  ['PATCH', `${WS}/persons/:personId`, persons.updatePerson],
  ['DELETE', `${WS}/persons/:personId`, persons.deletePerson],
  ['GET', `${WS}/persons/:personId/similar`, persons.similarPersons],
  ['POST', `${WS}/persons/:personId/merge`, persons.mergePersons],
  ['POST', `${WS}/persons/:personId/person-tags`, persons.addPersonTags],
  ['DELETE', `${WS}/persons/:personId/person-tags`, persons.removePersonTags],
  ['POST', `${WS}/persons/:personId/person-thumbnail`, persons.addPersonThumbnails],
  ['DELETE', `${WS}/persons/:personId/person-thumbnail`, persons.removePersonThumbnails],
  ['POST', `${WS}/person-thumbnail/uploads/presigned-url`, tags.thumbnailUploadUrl],
  ['POST', `${WS}/person-thumbnail/uploads/complete`, tags.thumbnailUploadComplete],
  ['GET', `${WS}/person-tags`, tags.listPersonTags],
  ['POST', `${WS}/person-tags`, tags.createPersonTag],
  ['DELETE', `${WS}/person-tags/:tagId`, tags.deletePersonTag],
  ['POST', '/query-assets/uploads/presigned-url', createQueryUpload],
  ['POST', '/query-assets/uploads/complete', completeQueryUpload],
  ['POST', `${WS}/assets/search`, startSearch],
  ['GET', `${WS}/assets/search/:sid`, getSearch],
  ['POST', `${ASSET}/scene-summary`, requestSceneSummary],
  ['GET', `${ASSET}/scene-summary`, getSceneSummary],
  ['GET', `${ASSET}/scene-summary/status`, getSceneSummaryStatus],
  ['POST', `${ASSET}/scene-summary/cancel`, cancelSceneSummary],
  ['POST', `${ASSET}/indexes/:iid/scene-summaries`, requestIndexSceneSummaries],
  ['GET', `${ASSET}/indexes/:iid/scene-summaries`, getIndexSceneSummaries],
];

const COMPILED = ROUTES.map(([method, pattern, handler]) => ({ method, segments: pattern.split('/').slice(1), handler }));

const PREFIX = '/api/v1';

export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
}

/** `pathname` is the raw path (no query). Undefined means "no such API" (the gateway's 404). */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  if (!pathname.startsWith(`${PREFIX}/`)) return undefined;
  const parts = pathname.slice(PREFIX.length).split('/').slice(1);
  for (const route of COMPILED) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = route.segments.every((segment, i) => {
      const part = parts[i] ?? '';
      if (!segment.startsWith(':')) return segment === part;
      const decoded = safeDecode(part);
      if (decoded === undefined || decoded === '') return false;
      params[segment.slice(1)] = decoded;
      return true;
    });
    if (ok) return { handler: route.handler, params };
  }
  return undefined;
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
