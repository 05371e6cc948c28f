import { folderNotAllowed, invalidRequest, miOk } from '../envelopes.js';
import { UPLOAD_RESULT, USER_NAME } from '../store.js';
import { objectBody, ReplyError, requireAsset, requireProject, type RouteHandler } from './context.js';
import { page, readPaging } from './paging.js';
import { assetView } from './views.js';

export const importFromObjectStorage: RouteHandler = (ctx) => {
  const project = requireProject(ctx);
  const body = objectBody(ctx);
  const { key, bucketName } = body;
  if (typeof key !== 'string' || key === '' || typeof bucketName !== 'string' || bucketName === '') {
    throw new ReplyError(invalidRequest());
  }
  if (key.endsWith('/')) throw new ReplyError(folderNotAllowed());
  const asset = ctx.store.importAsset(project.id, key, ctx.now);
  // `createUserName` (sic) is the vendor's spelling on this one endpoint (reference §5).
  return miOk({ assetId: asset.id, createUserName: USER_NAME, createdTime: ctx.time(asset.createdAt) });
};

export const listAssets: RouteHandler = (ctx) => {
  const project = requireProject(ctx);
  const paging = readPaging(ctx);
  const assets = ctx.store.assetsOf(project.id).map((a) => assetView(ctx, a));
  return miOk(page(assets, paging));
};

export const getAsset: RouteHandler = (ctx) => miOk(assetView(ctx, requireAsset(ctx)));

export const getImportStatus: RouteHandler = (ctx) => {
  const asset = requireAsset(ctx);
  const uploadStatus = ctx.store.uploadStatus(asset, ctx.now);
  return miOk({ assetId: asset.id, uploadStatus, uploadResult: UPLOAD_RESULT[uploadStatus] });
};
