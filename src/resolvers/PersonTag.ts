import type { PersonTagResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../graphql/context.js';
import { ErrorCode, GatewayError, badInput } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import { personTagListPath } from '../upstream/person-routes.js';
import { toPage } from '../upstream/to-page.js';
import { toPathId } from './validate/asset-input.js';
import { toPositiveId } from './validate/person-input.js';
import { loadEnvelope } from './load-envelope.js';
import { readId, str, type PersonTagModel } from './mapping/person-models.js';

/** One tag by id: GET …/person-tags?id=&pageNum=1&pageSize=1 through the loader [A: the filter is exact]. */
async function loadTag(ctx: Pick<Context, 'loaders'>, tag: PersonTagModel): Promise<Record<string, unknown>> {
  const envelope = await loadEnvelope(ctx, personTagListPath(tag.workspaceName, { page: 1, pageSize: 1 }, { id: tag.tagId }), 'person-tag');
  const found = toPage<unknown>(envelope, { page: 1, pageSize: 1 }).items.find((item) => isRecord(item) && readId(item.id) === tag.tagId);
  if (!isRecord(found)) throw new GatewayError('No such person tag', ErrorCode.NOT_FOUND);
  return found;
}

async function field(tag: PersonTagModel, ctx: Pick<Context, 'loaders'>, ...keys: string[]): Promise<unknown> {
  const record = tag.record;
  if (record) for (const key of keys) if (key in record) return record[key];
  const found = await loadTag(ctx, tag);
  for (const key of keys) if (key in found) return found[key];
  return undefined;
}

function keyField(reference: Record<string, unknown>, name: string): string {
  const value = reference[name];
  if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) return String(value);
  throw badInput(`a reference needs ${name} (a string)`, name);
}

export const PersonTag: PersonTagResolvers = {
  __resolveReference: async (reference) => ({
    workspaceName: toPathId('workspaceName', keyField(reference, 'workspaceName')),
    tagId: toPositiveId('tagId', keyField(reference, 'tagId')),
  }),
  workspaceName: (t) => t.workspaceName,
  tagId: (t) => t.tagId,
  name: async (t, _a, ctx) => str(await field(t, ctx, 'name')),
  createdAt: async (t, _a, ctx) => ctx.readVendorTime(await field(t, ctx, 'createdTime')),
  createdBy: async (t, _a, ctx) => str(await field(t, ctx, 'createdUserName', 'createUserName')),
};
