import { ANALYSIS_ENGINE, USER_NAME, type Asset, type IndexRecord, type Project, type Workspace } from '../store.js';
import type { RouteContext } from './context.js';

/** JSON shapes of the fixtures in test/fixtures/vendor; fields marked there as assumed are assumed here too. */
export function workspaceView(ctx: RouteContext, ws: Workspace) {
  return {
    workspaceName: ws.name,
    workspaceUrl: `https://mi.apigw.ntruss.com/workspaces/${ws.name}`,
    bucketName: ws.bucketName,
    createdUserName: USER_NAME,
    createdTime: ctx.time(ws.createdAt),
    updatedUserName: USER_NAME,
    updatedTime: ctx.time(ws.updatedAt),
  };
}

export function projectView(ctx: RouteContext, project: Project) {
  return {
    projectId: project.id,
    name: project.name,
    isBaseProject: project.isBaseProject,
    createdUserName: USER_NAME,
    createdTime: ctx.time(project.createdAt),
    updatedUserName: USER_NAME,
    updatedTime: ctx.time(project.updatedAt),
  };
}

export function assetView(ctx: RouteContext, asset: Asset) {
  return {
    assetId: asset.id,
    fileName: asset.fileName,
    projectId: asset.projectId,
    metaData: {},
    // Assumed fields: the vendor table is unreadable after metaData (reference §8.3).
    assetType: asset.assetType,
    uploadStatus: ctx.store.uploadStatus(asset, ctx.now),
    createdTime: ctx.time(asset.createdAt),
  };
}

export function indexView(ctx: RouteContext, index: IndexRecord) {
  const { setting } = index;
  // Echo only what was chosen: sceneRange defaults to MEDIUM unless a custom duration pair replaced it.
  const sceneLength =
    setting.minSceneDurationSec !== undefined
      ? { minSceneDurationSec: setting.minSceneDurationSec, maxSceneDurationSec: setting.maxSceneDurationSec }
      : { sceneRange: setting.sceneRange ?? 'MEDIUM' };
  return {
    indexId: index.id,
    type: index.type,
    createdTime: ctx.time(index.createdAt),
    createdUserName: USER_NAME,
    updatedTime: ctx.time(index.completedAt),
    updatedUserName: USER_NAME,
    analysisSetting: {
      analysisEngine: ANALYSIS_ENGINE,
      ...sceneLength,
      analysisPersonCount: setting.analysisPersonCount,
      ...(setting.tagIdList ? { tagIdList: setting.tagIdList } : {}),
      sourceLanguage: setting.sourceLanguage,
      detectAudioEffects: setting.detectAudioEffects,
    },
  };
}
