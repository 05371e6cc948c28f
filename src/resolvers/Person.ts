import type { PersonMatchResolvers, PersonNameType, PersonResolvers, PersonThumbnailResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../graphql/context.js';
import { badInput } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import { personPath, similarPersonsPath } from '../upstream/person-routes.js';
import { toPathId } from './validate/asset-input.js';
import { toPositiveId, toRange } from './validate/person-input.js';
import { loadResult } from './load-envelope.js';
import {
  int,
  readId,
  str,
  toMatch,
  toTagModel,
  type PersonMatchModel,
  type PersonModel,
  type PersonTagModel,
  type ThumbnailModel,
} from './mapping/person-models.js';

/** The person details, through the request's loader: one GET …/persons/{id} per person and request. */
export async function loadPerson(ctx: Pick<Context, 'loaders'>, workspaceName: string, personId: string): Promise<Record<string, unknown>> {
  const result = await loadResult<unknown>(ctx, personPath(workspaceName, personId), 'person');
  return isRecord(result) ? result : {};
}

/** A field from the delivered object when it carries it; otherwise from the details (§D.9). */
async function field(person: PersonModel, ctx: Pick<Context, 'loaders'>, ...keys: string[]): Promise<unknown> {
  const record = person.record;
  if (record) for (const key of keys) if (key in record) return record[key];
  const details = await loadPerson(ctx, person.workspaceName, person.personId);
  for (const key of keys) if (key in details) return details[key];
  return undefined;
}

const NAME_TYPES = new Set(['NAMED', 'ANONYMOUS']);

export function toTags(workspaceName: string, list: unknown): PersonTagModel[] | null {
  if (!Array.isArray(list)) return null;
  return list.map((item) => toTagModel(workspaceName, item)).filter((t): t is PersonTagModel => t !== null);
}

export function toThumbnailModels(list: unknown): ThumbnailModel[] | null {
  if (!Array.isArray(list)) return null;
  return list.flatMap((item) => {
    if (!isRecord(item)) return [];
    const id = readId(item.id) ?? readId(item.thumbnailId);
    return id === null ? [] : [{ id, url: str(item.url), isPrimary: item.isPrimaryThumbnail === true || item.isPrimary === true }];
  });
}

function keyField(reference: Record<string, unknown>, name: string): string {
  const value = reference[name];
  if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) return String(value);
  throw badInput(`a reference needs ${name} (a string)`, name);
}

export const Person: PersonResolvers = {
  // No upstream call until a field beyond the key needs one (§A.6).
  __resolveReference: async (reference) => ({
    workspaceName: toPathId('workspaceName', keyField(reference, 'workspaceName')),
    personId: toPositiveId('personId', keyField(reference, 'personId')),
  }),
  workspaceName: (p) => p.workspaceName,
  personId: (p) => p.personId,
  name: async (p, _a, ctx) => str(await field(p, ctx, 'name')),
  nameType: async (p, _a, ctx) => {
    const raw = await field(p, ctx, 'nameType');
    if (typeof raw === 'string') return (NAME_TYPES.has(raw) ? raw : 'UNKNOWN') as PersonNameType;
    return str(await field(p, ctx, 'name')) ? 'NAMED' : 'ANONYMOUS';
  },
  description: async (p, _a, ctx) => str(await field(p, ctx, 'description')),
  tags: async (p, _a, ctx) => toTags(p.workspaceName, await field(p, ctx, 'tags', 'tagList')),
  thumbnails: async (p, _a, ctx) => toThumbnailModels(await field(p, ctx, 'thumbnails')),
  assetCount: async (p, _a, ctx) => int(await field(p, ctx, 'assetCount')),
  sceneCount: async (p, _a, ctx) => int(await field(p, ctx, 'sceneCount')),
  createdAt: async (p, _a, ctx) => ctx.readVendorTime(await field(p, ctx, 'createdTime')),
  raw: async (p, _a, ctx) => (p.record && !p.partial ? p.record : await loadPerson(ctx, p.workspaceName, p.personId)),
  similarPersons: async (p, args, ctx) => {
    const count = toRange('count', args.count, 1, 10);
    const minScore = toRange('minScore', args.minScore, 80, 100);
    const result = await loadResult<unknown>(ctx, similarPersonsPath(p.workspaceName, p.personId, count, minScore), 'similar-persons');
    return toMatches(p.workspaceName, isRecord(result) ? result.similarPersons : undefined);
  },
};

export function toMatches(workspaceName: string, list: unknown): PersonMatchModel[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => toMatch(workspaceName, item)).filter((m): m is PersonMatchModel => m !== null);
}

export const PersonMatch: PersonMatchResolvers = {
  person: (m) => m.person,
  score: (m) => m.score,
  raw: (m) => m.raw,
};

export const PersonThumbnail: PersonThumbnailResolvers = {
  id: (t) => t.id,
  url: (t) => t.url,
  isPrimary: (t) => t.isPrimary,
};
