import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { badInput } from '../../common/errors.js';
import { isRecord } from '../../common/is-record.js';
import { unreadableAnswer } from '../../upstream/map-error.js';
import { mergePersonsPath, personPath, personsPath } from '../../upstream/person-routes.js';
import { toPathId } from '../validate/asset-input.js';
import { toMergeIds, toPositiveId, toText, toThumbnails } from '../validate/person-input.js';
import { readId } from '../mapping/person-models.js';

type M = Required<MutationResolvers>;

/** createPerson: POST …/persons once; the Person is returned by id and its fields read GET …/persons/{id} (§B.2). */
export const createPerson: M['createPerson'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const body: Record<string, unknown> = {};
  if (input.name != null) body.name = toText('name', input.name, 1, 50, false);
  if (input.description != null) body.description = toText('description', input.description, 1, 700, false);
  body.thumbnails = toThumbnails('thumbnails', input.thumbnails);
  const result = await ctx.vendor.call<unknown>({ method: 'POST', path: personsPath(workspaceName), body, endpoint: 'create-person' });
  ctx.loaders.forget();
  const personId = isRecord(result) ? (readId(result.id) ?? readId(result.personId)) : null;
  if (personId === null) throw unreadableAnswer(200, 'create-person result without a usable id');
  return { workspaceName, personId };
};

/** updatePerson: PATCH …/persons/{id} once; answers from the PATCH result (same as details). */
export const updatePerson: M['updatePerson'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const personId = toPositiveId('personId', input.personId);
  const body: Record<string, unknown> = {};
  if (input.name != null) body.name = toText('name', input.name, 1, 50, false);
  if (input.description != null) body.description = toText('description', input.description, 1, 700, false);
  if (input.primaryThumbnailId != null) body.primaryThumbnailId = Number(toPositiveId('primaryThumbnailId', input.primaryThumbnailId));
  if (Object.keys(body).length === 0) throw badInput('give at least one of name, description and primaryThumbnailId', 'input');
  const result = await ctx.vendor.call<unknown>({ method: 'PATCH', path: personPath(workspaceName, personId), body, endpoint: 'update-person' });
  ctx.loaders.forget();
  return isRecord(result) ? { workspaceName, personId, record: result } : { workspaceName, personId };
};

export const deletePerson: M['deletePerson'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const personId = toPositiveId('personId', input.personId);
  const result = await ctx.vendor.call<unknown>({ method: 'DELETE', path: personPath(workspaceName, personId), endpoint: 'delete-person' });
  ctx.loaders.forget();
  return { deleted: true, raw: result ?? null };
};

/**
 * mergePersons: irreversible, so validated hard (1 to 10 distinct positive ids, not personId itself) and
 * sent once; the client's Idempotency-Key replays the stored answer. 400 (already merged) → BAD_USER_INPUT.
 */
export const mergePersons: M['mergePersons'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const personId = toPositiveId('personId', input.personId);
  const body = { personIds: toMergeIds(personId, input.mergePersonIds) };
  await ctx.vendor.call<unknown>({ method: 'POST', path: mergePersonsPath(workspaceName, personId), body, endpoint: 'merge-persons' });
  ctx.loaders.forget();
  return { workspaceName, personId };
};
