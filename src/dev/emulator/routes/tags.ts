import { invalidRequest, miError, miOk, notFound } from '../envelopes.js';
import { USER_NAME } from '../store.js';
import type { EmTag } from '../person-store.js';
import { objectBody, param, ReplyError, requireWorkspace, type RouteContext, type RouteHandler } from './context.js';
import { page } from './paging.js';

const tagView = (ctx: RouteContext, t: EmTag) => ({ id: t.id, name: t.name, createdTime: ctx.time(t.createdAt), createdUserName: USER_NAME });

/** GET …/person-tags?pageNum=&pageSize=(1..50, default 10)[&name=][&id=] (reference §8.8). */
export const listPersonTags: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const pageNum = Number(ctx.query.get('pageNum'));
  const pageSize = Number(ctx.query.get('pageSize') ?? 10);
  if (!Number.isSafeInteger(pageNum) || pageNum < 1 || !Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 50) throw new ReplyError(invalidRequest());
  const name = ctx.query.get('name');
  const id = ctx.query.get('id');
  if (name !== null && (name.length < 1 || name.length > 30)) throw new ReplyError(invalidRequest());
  const tags = ctx.store.people.tagsOf(ws.name).filter((t) => (name === null || t.name.includes(name)) && (id === null || String(t.id) === id));
  return miOk(
    page(
      tags.map((t) => tagView(ctx, t)),
      { pageNum, pageSize },
    ),
  );
};

export const createPersonTag: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const name = objectBody(ctx).name;
  if (typeof name !== 'string' || name.trim().length < 1 || name.trim().length > 30) throw new ReplyError(invalidRequest());
  if (ctx.store.people.tagsOf(ws.name).some((t) => t.name === name.trim())) throw new ReplyError(miError(409, '409', 'A tag with this name already exists.'));
  const tag = ctx.store.people.addTag(ws.name, name.trim(), ctx.now);
  ctx.store.personTags.add(tag.id);
  return miOk(tagView(ctx, tag));
};

export const deletePersonTag: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const raw = param(ctx, 'tagId');
  const tag = /^[1-9]\d{0,15}$/.test(raw) ? ctx.store.people.tags.get(Number(raw)) : undefined;
  if (!tag || tag.workspace !== ws.name) throw new ReplyError(notFound());
  ctx.store.people.tags.delete(tag.id);
  ctx.store.personTags.delete(tag.id);
  for (const p of ctx.store.people.persons.values()) p.tagIds = p.tagIds.filter((t) => t !== tag.id);
  return miOk();
};

/** Thumbnail uploads (reference §8.8 [3P]): a key and a presigned URL; complete answers uploadStatus. */
export const thumbnailUploadUrl: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const fileName = objectBody(ctx).thumbnailFileName;
  if (typeof fileName !== 'string' || fileName.length < 1 || fileName.length > 255 || /[/\\]/.test(fileName)) throw new ReplyError(invalidRequest());
  const key = ctx.store.people.issueUpload(ws.name, fileName);
  return miOk({
    thumbnailKey: key,
    presignedUploadUrl: `https://kr.object.ncloudstorage.com/emulator/${encodeURIComponent(key)}?X-Amz-Signature=EMULATED`,
    expirationSeconds: 900,
  });
};

export const thumbnailUploadComplete: RouteHandler = (ctx) => {
  requireWorkspace(ctx);
  const key = objectBody(ctx).thumbnailKey;
  if (typeof key !== 'string') throw new ReplyError(invalidRequest());
  const known = ctx.store.people.uploads.has(key);
  return miOk({
    thumbnailKey: key,
    uploadStatus: known ? 'COMPLETED' : 'FILE_NOT_EXIST',
    uploadMessage: known ? 'Upload completed' : 'The file does not exist.',
  });
};
