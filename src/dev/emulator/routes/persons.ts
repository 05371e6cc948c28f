import { invalidRequest, miError, miOk, notFound } from '../envelopes.js';
import { USER_NAME } from '../store.js';
import type { EmPerson } from '../person-store.js';
import { objectBody, param, ReplyError, requireWorkspace, type RouteContext, type RouteHandler } from './context.js';
import { page } from './paging.js';

const FORBIDDEN = /[;|`]/;
const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

export function personView(ctx: RouteContext, p: EmPerson) {
  const tags = p.tagIds.flatMap((id) => {
    const tag = ctx.store.people.tags.get(id);
    return tag ? [{ id: tag.id, name: tag.name }] : [];
  });
  return {
    id: p.id,
    personId: p.id,
    name: p.name,
    description: p.description,
    nameType: p.name === null ? 'ANONYMOUS' : 'NAMED',
    tags,
    thumbnails: thumbnailsView(p),
    assetCount: p.assetCount,
    sceneCount: p.sceneCount,
    createdTime: ctx.time(p.createdAt),
    createdUserName: USER_NAME,
  };
}

const thumbnailsView = (p: EmPerson) =>
  p.thumbnails.map((t) => ({
    id: t.id,
    url: `https://kr.object.ncloudstorage.com/emulator/${encodeURIComponent(t.key)}?X-Amz-Signature=EMULATED`,
    isPrimaryThumbnail: t.isPrimary,
  }));

function requirePerson(ctx: RouteContext, name = 'personId'): EmPerson {
  const ws = requireWorkspace(ctx);
  const raw = param(ctx, name);
  const person = /^[1-9]\d{0,15}$/.test(raw) ? ctx.store.people.person(ws.name, Number(raw)) : undefined;
  if (!person) throw new ReplyError(notFound());
  return person;
}

function text(value: unknown, min: number, max: number): string {
  if (typeof value !== 'string' || value.trim().length < min || value.trim().length > max || FORBIDDEN.test(value)) throw new ReplyError(invalidRequest());
  return value.trim();
}

function idList(value: unknown, max = 100): number[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max || !value.every(isPositiveInt)) throw new ReplyError(invalidRequest());
  return value as number[];
}

function thumbnailList(ctx: RouteContext, value: unknown): Array<{ key: string; isPrimary: boolean }> {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100) throw new ReplyError(invalidRequest());
  const list = value.map((t) => {
    if (typeof t !== 'object' || t === null || typeof (t as { thumbnailKey?: unknown }).thumbnailKey !== 'string') throw new ReplyError(invalidRequest());
    const { thumbnailKey, isPrimaryThumbnail } = t as { thumbnailKey: string; isPrimaryThumbnail?: unknown };
    if (!ctx.store.people.uploads.has(thumbnailKey)) throw new ReplyError(invalidRequest());
    return { key: thumbnailKey, isPrimary: isPrimaryThumbnail === true };
  });
  if (list.filter((t) => t.isPrimary).length > 1) throw new ReplyError(invalidRequest());
  return list;
}

export const createPerson: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const body = objectBody(ctx);
  const name = body.name === undefined || body.name === null ? null : text(body.name, 1, 50);
  if (name !== null && ctx.store.people.personsOf(ws.name).some((p) => p.name === name))
    throw new ReplyError(miError(409, '409', 'A person with this name already exists.'));
  const description = body.description === undefined ? null : text(body.description, 1, 700);
  const person = ctx.store.people.addPerson(ws.name, { name, description, thumbnails: thumbnailList(ctx, body.thumbnails) }, ctx.now);
  return miOk({ id: person.id });
};

export const getPerson: RouteHandler = (ctx) => miOk(personView(ctx, requirePerson(ctx)));

export const updatePerson: RouteHandler = (ctx) => {
  const person = requirePerson(ctx);
  const body = objectBody(ctx);
  if (body.name !== undefined) person.name = text(body.name, 1, 50);
  if (body.description !== undefined) person.description = text(body.description, 1, 700);
  if (body.primaryThumbnailId !== undefined) {
    const target = person.thumbnails.find((t) => t.id === body.primaryThumbnailId);
    if (!target) throw new ReplyError(invalidRequest());
    for (const t of person.thumbnails) t.isPrimary = t === target;
  }
  return miOk(personView(ctx, person));
};

export const deletePerson: RouteHandler = (ctx) => {
  const person = requirePerson(ctx);
  ctx.store.people.persons.delete(person.id);
  return miOk({ id: person.id });
};

export const searchPersons: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const body = objectBody(ctx);
  if (!isPositiveInt(body.pageNum) || !isPositiveInt(body.pageSize) || body.pageSize > 50) throw new ReplyError(invalidRequest());
  let persons = ctx.store.people.personsOf(ws.name);
  if (body.name !== undefined) {
    const name = text(body.name, 2, 50);
    persons = persons.filter((p) => p.name?.includes(name));
  }
  if (body.personIds !== undefined) {
    const ids = idList(body.personIds);
    persons = persons.filter((p) => ids.includes(p.id));
  }
  if (body.tagIds !== undefined) {
    const ids = idList(body.tagIds);
    persons = persons.filter((p) => p.tagIds.some((t) => ids.includes(t)));
  }
  if (body.nameType !== undefined) persons = persons.filter((p) => (p.name === null ? 'ANONYMOUS' : 'NAMED') === body.nameType);
  const column = body.sortColumn ?? 'ASSET_COUNT';
  const key = (p: EmPerson): number | string =>
    column === 'NAME' ? (p.name ?? '') : column === 'PERSON_ID' ? p.id : column === 'CREATED_AT' ? p.createdAt : p.assetCount;
  const sign = (body.sortType ?? 'DESC') === 'ASC' ? 1 : -1;
  persons = [...persons].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.id - b.id));
  // Search items carry only some fields [A]: the gateway reads the rest from the details.
  return miOk(
    page(
      persons.map((p) => ({ id: p.id, name: p.name, assetCount: p.assetCount })),
      { pageNum: body.pageNum, pageSize: body.pageSize },
    ),
  );
};

function matchArgs(ctx: RouteContext, source: URLSearchParams | Record<string, unknown>): { count: number; threshold: number } {
  const read = (name: string): unknown =>
    source instanceof URLSearchParams ? (source.get(name) === null ? undefined : Number(source.get(name))) : source[name];
  const count = read('personCount') ?? 3;
  const threshold = read('scoreThreshold') ?? 80;
  if (!isPositiveInt(count) || count > 10 || !isPositiveInt(threshold) || threshold < 80 || threshold > 100) throw new ReplyError(invalidRequest());
  void ctx;
  return { count, threshold };
}

/** Similarity is emulated: every other person of the workspace, scored by id distance. */
function similarTo(ctx: RouteContext, workspace: string, exclude: number | null, args: { count: number; threshold: number }) {
  return ctx.store.people
    .personsOf(workspace)
    .filter((p) => p.id !== exclude)
    .map((p) => ({ personId: p.id, score: Math.max(0, 99 - (Math.abs(p.id - (exclude ?? 1000)) % 20)) }))
    .filter((m) => m.score >= args.threshold)
    .sort((a, b) => b.score - a.score || a.personId - b.personId)
    .slice(0, args.count);
}

export const similarPersons: RouteHandler = (ctx) => {
  const person = requirePerson(ctx);
  return miOk({ personId: person.id, similarPersons: similarTo(ctx, person.workspace, person.id, matchArgs(ctx, ctx.query)) });
};

export const recommendByThumbnail: RouteHandler = (ctx) => {
  const ws = requireWorkspace(ctx);
  const body = objectBody(ctx);
  if (typeof body.thumbnailKey !== 'string' || !ctx.store.people.uploads.has(body.thumbnailKey)) throw new ReplyError(invalidRequest());
  return miOk({ recommendedPersons: similarTo(ctx, ws.name, null, matchArgs(ctx, body)) });
};

export const mergePersons: RouteHandler = (ctx) => {
  const target = requirePerson(ctx);
  const body = objectBody(ctx);
  const ids = idList(body.personIds ?? body.mergePersonIds, 10);
  if (ids.includes(target.id) || new Set(ids).size !== ids.length) throw new ReplyError(invalidRequest());
  const others = ids.map((id) => ctx.store.people.person(target.workspace, id));
  // An id already merged (or unknown): 400, as the contract reads the vendor (§B.1).
  if (others.some((p) => p === undefined)) throw new ReplyError(miError(400, '10001', 'The person was already merged or does not exist.'));
  ctx.store.people.merge(target, others as EmPerson[]);
  return miOk({ personId: target.id });
};

export const addPersonTags: RouteHandler = (ctx) => {
  const person = requirePerson(ctx);
  const ids = idList(objectBody(ctx).tagIds);
  if (!ids.every((id) => ctx.store.people.tags.get(id)?.workspace === person.workspace)) throw new ReplyError(invalidRequest());
  for (const id of ids) if (!person.tagIds.includes(id)) person.tagIds.push(id);
  return miOk({ tagList: personView(ctx, person).tags });
};

export const removePersonTags: RouteHandler = (ctx) => {
  const person = requirePerson(ctx);
  const ids = idList(objectBody(ctx).tagIds);
  person.tagIds = person.tagIds.filter((id) => !ids.includes(id));
  return miOk({ tagList: personView(ctx, person).tags });
};

export const addPersonThumbnails: RouteHandler = (ctx) => {
  const person = requirePerson(ctx);
  ctx.store.people.addThumbnails(person, thumbnailList(ctx, objectBody(ctx).thumbnails));
  return miOk({ thumbnails: thumbnailsView(person) });
};

export const removePersonThumbnails: RouteHandler = (ctx) => {
  const person = requirePerson(ctx);
  const ids = idList(objectBody(ctx).thumbnailIds);
  person.thumbnails = person.thumbnails.filter((t) => !ids.includes(t.id));
  return miOk({ thumbnails: thumbnailsView(person) });
};
