import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { isRecord } from '../../common/is-record.js';
import { unreadableAnswer } from '../../upstream/map-error.js';
import { personTagPath, personTagsOfPath, personTagsPath } from '../../upstream/person-routes.js';
import { toPathId } from '../validate/asset-input.js';
import { toIdNumbers, toPositiveId, toText } from '../validate/person-input.js';
import { readId } from '../mapping/person-models.js';

type M = Required<MutationResolvers>;

/** The tag list a tag mutation answered: `tagList[]`, `tags[]` or the array itself. */
function tagListOf(result: unknown): unknown {
  if (Array.isArray(result)) return result;
  if (isRecord(result)) return result.tagList ?? result.tags;
  return undefined;
}

function changeTags(method: 'POST' | 'DELETE', endpoint: string): M['addPersonTags'] {
  return async (_p, { input }, ctx) => {
    const workspaceName = toPathId('workspaceName', input.workspaceName);
    const personId = toPositiveId('personId', input.personId);
    const body = { tagIds: toIdNumbers('tagIds', input.tagIds, 1, 100) };
    const result = await ctx.vendor.call<unknown>({ method, path: personTagsOfPath(workspaceName, personId), body, endpoint });
    ctx.loaders.forget();
    const tags = tagListOf(result);
    return Array.isArray(tags) ? { workspaceName, personId, record: { tags }, partial: true } : { workspaceName, personId };
  };
}

export const addPersonTags = changeTags('POST', 'add-person-tags');
/** DELETE with a JSON body [3P]; if a proxy drops it, the vendor's 400 → BAD_USER_INPUT (§D.8). */
export const removePersonTags = changeTags('DELETE', 'remove-person-tags');

export const createPersonTag: M['createPersonTag'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const body = { name: toText('name', input.name, 1, 30, false) };
  const result = await ctx.vendor.call<unknown>({ method: 'POST', path: personTagsPath(workspaceName), body, endpoint: 'create-person-tag' });
  ctx.loaders.forget();
  const tagId = isRecord(result) ? (readId(result.id) ?? readId(result.tagId)) : null;
  if (tagId === null || !isRecord(result)) throw unreadableAnswer(200, 'create-person-tag result without a usable id');
  return { workspaceName, tagId, record: result };
};

export const deletePersonTag: M['deletePersonTag'] = async (_p, { input }, ctx) => {
  const workspaceName = toPathId('workspaceName', input.workspaceName);
  const tagId = toPositiveId('tagId', input.tagId);
  const result = await ctx.vendor.call<unknown>({ method: 'DELETE', path: personTagPath(workspaceName, tagId), endpoint: 'delete-person-tag' });
  ctx.loaders.forget();
  return { deleted: true, raw: result ?? null };
};
