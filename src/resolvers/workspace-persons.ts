import type { PersonNameType, WorkspaceResolvers } from '../__generated__/resolvers-types.js';
import { badInput } from '../common/errors.js';
import type { VendorEnvelope } from '../upstream/types.js';
import { personTagListPath, personsSearchPath, recommendByThumbnailPath } from '../upstream/person-routes.js';
import { toPage } from '../upstream/to-page.js';
import { toPositiveId, toIdNumbers, toPersonPaging, toRange, toText } from './validate/person-input.js';
import { toUploadKey } from './validate/search-input.js';
import { isRecord } from '../common/is-record.js';
import { loadEnvelope } from './load-envelope.js';
import { loadPerson, toMatches } from './Person.js';
import { toPersonModel, toTagModel, type PersonModel, type PersonTagModel } from './mapping/person-models.js';

const SORT_COLUMNS: Record<string, string> = { ASSET_COUNT: 'ASSET_COUNT', CREATED_AT: 'CREATED_AT', PERSON_ID: 'PERSON_ID', NAME: 'NAME' };

function nameTypeOf(value: PersonNameType | null | undefined): PersonNameType | undefined {
  if (value == null) return undefined;
  if (value === 'UNKNOWN') throw badInput('filter.nameType must be NAMED or ANONYMOUS (UNKNOWN is output only)', 'filter.nameType');
  return value;
}

/** The Workspace fields of the people DB (CONTRACT-vendor-surface §A.2, §B.3). */
export const workspacePersonFields: Pick<WorkspaceResolvers, 'persons' | 'person' | 'personsMatchingThumbnail' | 'personTags'> = {
  // POST …/persons/search: a read served by POST, never retried (the client retries no POST).
  persons: async (ws, args, ctx) => {
    const paging = toPersonPaging(args);
    const body: Record<string, unknown> = { pageNum: paging.page, pageSize: paging.pageSize };
    const filter = args.filter;
    if (filter?.name != null) body.name = toText('filter.name', filter.name, 2, 50);
    if (filter?.personIds?.length) body.personIds = toIdNumbers('filter.personIds', filter.personIds, 1, 100);
    if (filter?.tagIds?.length) body.tagIds = toIdNumbers('filter.tagIds', filter.tagIds, 1, 100);
    const nameType = nameTypeOf(filter?.nameType);
    if (nameType !== undefined) body.nameType = nameType;
    if (args.sort) {
      body.sortColumn = SORT_COLUMNS[args.sort.field];
      if (args.sort.direction) body.sortType = args.sort.direction;
    }
    const envelope = await ctx.vendor.call<VendorEnvelope<unknown>>({
      method: 'POST',
      path: personsSearchPath(ws.name),
      body,
      endpoint: 'search-persons',
      envelope: true,
    });
    const page = toPage<unknown>(envelope, paging);
    return { ...page, nodes: page.items.map((item) => toPersonModel(ws.name, item)).filter((p): p is PersonModel => p !== null) };
  },
  // Reads the details at once, so an unknown person is NOT_FOUND here (and null), not on a field below.
  person: async (ws, args, ctx) => {
    const personId = toPositiveId('id', args.id);
    await loadPerson(ctx, ws.name, personId);
    return { workspaceName: ws.name, personId };
  },
  personsMatchingThumbnail: async (ws, args, ctx) => {
    const body = {
      thumbnailKey: toUploadKey('thumbnailKey', args.thumbnailKey),
      personCount: toRange('count', args.count, 1, 10),
      scoreThreshold: toRange('minScore', args.minScore, 80, 100),
    };
    const result = await ctx.vendor.call<unknown>({ method: 'POST', path: recommendByThumbnailPath(ws.name), body, endpoint: 'recommend-persons' });
    // The first array among the assumed names (§B.2, §D.10); none means no match.
    const holder = isRecord(result) ? result : {};
    const list = Array.isArray(result) ? result : ['result', 'recommendedPersons', 'persons', 'similarPersons'].map((k) => holder[k]).find(Array.isArray);
    return toMatches(ws.name, list);
  },
  personTags: async (ws, args, ctx) => {
    const paging = toPersonPaging(args);
    const name = args.name == null ? undefined : toText('name', args.name, 1, 30);
    const envelope = await loadEnvelope(ctx, personTagListPath(ws.name, paging, name === undefined ? {} : { name }), 'list-person-tags');
    const page = toPage<unknown>(envelope, paging);
    return { ...page, nodes: page.items.map((item) => toTagModel(ws.name, item)).filter((t): t is PersonTagModel => t !== null) };
  },
};
