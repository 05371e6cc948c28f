import { describe, expect, it } from 'vitest';
import {
  DEMO_ANALYSED_ASSET_ID,
  DEMO_ASSET_ID,
  DEMO_BUCKET,
  DEMO_INDEX_ID,
  DEMO_PERSON_IDS,
  DEMO_PERSON_TAG_IDS,
  DEMO_PROJECT_ID,
  DEMO_SEARCH_ID,
  DEMO_THUMBNAIL_KEY,
  DEMO_WORKSPACE,
} from '../../src/dev/emulator/seed.js';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { follow, within } from '../helpers/live.js';
import { TENANT_KEY, useStack } from '../helpers/stack.js';

/**
 * Issue 14, "Done when": every query, mutation and subscription of the schema runs against the emulator, and
 * every upstream request it saw is checked. With the default configuration none goes to an endpoint the vendor
 * marks deprecated; with MI_ANALYZE_ENDPOINT=analyze the old paths are back. The list of root fields is read
 * from the schema, so a field added without an operation here fails the test.
 */

/** Deprecated vendor endpoints, removal January 2027 (reference §8.4, §8.5, §8.9, §10, §15). */
const DEPRECATED: ReadonlyArray<[method: string, path: RegExp]> = [
  ['POST', /\/assets\/[^/]+\/analyze$/], // request analysis (§8.4)
  ['DELETE', /\/assets\/[^/]+\/analyze$/], // cancel analysis (§8.4)
  ['GET', /\/assets\/[^/]+\/analyze-status$/], // analysis status (§8.4)
  ['DELETE', /\/assets\/[^/]+\/indexes\/[^/]+$/], // delete one index (§8.5)
  ['*', /\/indexes\/[^/]+\/scene-summaries$/], // per-index scene summaries (§8.6, §15)
  ['*', /\/video-assets(\/|$)/], // the video-assets family (§8.9)
];

const ws = DEMO_WORKSPACE;
const p = String(DEMO_PROJECT_ID);
const ASSET_FIELDS = /* GraphQL */ `
  workspaceName projectId assetId fileName type createdAt createdBy metaData
  registration { status rawStatus message terminal }
  analysisStatus { status rawStatus message indexId terminal }
  indexes { id type rawType createdAt createdBy updatedAt updatedBy analysisEngine sceneRange analysisSetting }
  latestIndex { id details(confidenceLevel: HIGH) { id type confidenceLevel payload } }
  sceneSummaryStatus { status rawStatus message terminal }
  sceneSummary { indexId lastAnalyzedAt analyzedSceneIds sceneSummaries raw }
`;
const WORKSPACE_FIELDS = /* GraphQL */ `
  name url bucketName monthlyAnalysisCount createdAt createdBy updatedAt updatedBy
  projects { id name isBaseProject assets(page: 1, pageSize: 10) { totalCount totalPages page pageSize nodes { assetId analysisStatus { status } } } }
  project(id: "${p}") { id name createdAt }
`;
const PERSON_FIELDS = /* GraphQL */ `
  workspaceName personId name nameType description assetCount sceneCount createdAt raw
  tags { tagId name createdAt createdBy } thumbnails { id url isPrimary }
  similarPersons(count: 3, minScore: 80) { score raw person { personId name } }
`;
const [P1, P2, P3, P4] = DEMO_PERSON_IDS.map(String) as [string, string, string, string];
const [, T2, T3] = DEMO_PERSON_TAG_IDS.map(String) as [string, string, string];
const WORKSPACE_PERSON_FIELDS = /* GraphQL */ `
  persons(filter: { name: "Gildong" }, sort: { field: NAME, direction: ASC }, page: 1, pageSize: 10) { totalCount totalPages page pageSize nodes { personId name tags { tagId } } }
  person(id: "${P1}") { ${PERSON_FIELDS} }
  personsMatchingThumbnail(thumbnailKey: "${DEMO_THUMBNAIL_KEY}") { score person { personId } }
  personTags(name: "Anchor") { totalCount nodes { tagId name createdAt } }
`;
const ref = (assetId: number) => ({ workspaceName: ws, projectId: p, assetId: String(assetId) });

/** One operation per root field, run in this order (mutations change the emulator's state). */
const OPERATIONS: Array<{ field: string; query: string; variables?: Record<string, unknown> }> = [
  { field: 'Query.viewer', query: '{ viewer { tenantId } }' },
  { field: 'Query.workspaces', query: `{ workspaces(page: 1, pageSize: 10) { totalCount totalPages page pageSize nodes { ${WORKSPACE_FIELDS} } } }` },
  { field: 'Query.workspace', query: `{ workspace(name: "${ws}") { ${WORKSPACE_FIELDS} ${WORKSPACE_PERSON_FIELDS} } }` },
  { field: 'Query.asset', query: `{ asset(workspaceName: "${ws}", projectId: "${p}", assetId: "${DEMO_ANALYSED_ASSET_ID}") { ${ASSET_FIELDS} } }` },
  {
    field: 'Query.analysisStatus',
    query: `{ analysisStatus(workspaceName: "${ws}", projectId: "${p}", assetId: "${DEMO_ANALYSED_ASSET_ID}") { status indexId } }`,
  },
  { field: 'Query._service', query: '{ _service { sdl } }' },
  {
    field: 'Query._entities',
    query:
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Asset { assetId analysisStatus { status } } ... on Person { personId name } ... on PersonTag { tagId name } } }',
    variables: {
      r: [
        { __typename: 'Asset', ...ref(DEMO_ASSET_ID) },
        { __typename: 'Person', workspaceName: ws, personId: P2 },
        { __typename: 'PersonTag', workspaceName: ws, tagId: T2 },
      ],
    },
  },
  {
    field: 'Mutation.registerAsset',
    query: 'mutation ($input: RegisterAssetInput!) { registerAsset(input: $input) { assetId registration { status } } }',
    variables: { input: { workspaceName: ws, projectId: p, bucketName: DEMO_BUCKET, key: 'videos/launch.mp4' } },
  },
  {
    field: 'Mutation.analyzeAsset',
    query: 'mutation ($input: AnalyzeInput!) { analyzeAsset(input: $input) { id createdAt createdBy } }',
    variables: { input: { ...ref(DEMO_ASSET_ID), analysisPersonCount: 1, sceneRange: 'SHORT' } },
  },
  {
    field: 'Mutation.cancelAnalysis',
    query: 'mutation ($input: CancelAnalysisInput!) { cancelAnalysis(input: $input) { cancelled analysisStatus { status } } }',
    variables: { input: ref(DEMO_ASSET_ID) },
  },
  {
    field: 'Mutation.requestIndex',
    query: 'mutation ($input: RequestIndexInput!) { requestIndex(input: $input) { id } }',
    variables: { input: { ...ref(DEMO_ASSET_ID), analysisPersonCount: 1, minSceneDurationSec: 10, maxSceneDurationSec: 20 } },
  },
  {
    field: 'Query.assetSearch',
    query: `{ assetSearch(workspaceName: "${ws}", id: "${DEMO_SEARCH_ID}") { id searchStatus { status totalCount } results(pageSize: 5) { totalCount nodes { indexId raw asset { assetId fileName } } } } }`,
  },
  {
    field: 'Mutation.createSearchImageUpload',
    query: 'mutation ($input: SearchImageUploadInput!) { createSearchImageUpload(input: $input) { key uploadUrl expiresAt } }',
    variables: { input: { fileName: 'query.jpg' } },
  },
  {
    // The emulator's first upload key (the ticket above); still arriving, which is data, not an error.
    field: 'Mutation.confirmSearchImageUpload',
    query: 'mutation ($input: SearchImageConfirmInput!) { confirmSearchImageUpload(input: $input) { key status ready } }',
    variables: { input: { key: 'query-images/1/query.jpg' } },
  },
  {
    field: 'Mutation.startAssetSearch',
    query: 'mutation ($input: StartAssetSearchInput!) { startAssetSearch(input: $input) { workspaceName id } }',
    variables: { input: { workspaceName: ws, query: { text: 'presenter', dialog: { any: ['welcome'] } }, filter: { projectIds: [p] } } },
  },
  {
    field: 'Mutation.requestSceneSummary',
    query: 'mutation ($input: RequestSceneSummaryInput!) { requestSceneSummary(input: $input) { accepted asset { assetId } } }',
    variables: { input: { ...ref(DEMO_ANALYSED_ASSET_ID), locale: 'ko' } },
  },
  {
    field: 'Mutation.cancelSceneSummary',
    query: 'mutation ($input: AssetRefInput!) { cancelSceneSummary(input: $input) { accepted asset { assetId } } }',
    variables: { input: ref(DEMO_ANALYSED_ASSET_ID) },
  },
  {
    field: 'Mutation.deleteLatestIndex',
    query: 'mutation ($input: AssetRefInput!) { deleteLatestIndex(input: $input) { accepted asset { assetId latestIndex { id } } } }',
    variables: { input: ref(DEMO_ANALYSED_ASSET_ID) },
  },
  ...PERSON_OPERATIONS(),
];

function PERSON_OPERATIONS(): Array<{ field: string; query: string; variables?: Record<string, unknown> }> {
  const m = (field: string, type: string, selection: string, input: Record<string, unknown>) => ({
    field: `Mutation.${field}`,
    query: `mutation ($input: ${type}!) { ${field}(input: $input) { ${selection} } }`,
    variables: { input: { workspaceName: ws, ...input } },
  });
  const thumbnails = [{ key: DEMO_THUMBNAIL_KEY, isPrimary: true }];
  return [
    m('createPersonThumbnailUpload', 'PersonThumbnailUploadInput', 'key uploadUrl expiresAt', { fileName: 'face.jpg' }),
    m('confirmPersonThumbnailUpload', 'PersonThumbnailConfirmInput', 'key status rawStatus message ready', { key: DEMO_THUMBNAIL_KEY }),
    m('createPerson', 'CreatePersonInput', 'personId name thumbnails { id }', { name: 'Chulsoo Kim', description: 'A guest.', thumbnails }),
    m('updatePerson', 'UpdatePersonInput', 'personId description', { personId: P1, description: 'The anchor.' }),
    m('addPersonTags', 'PersonTagsInput', 'personId tags { tagId name }', { personId: P2, tagIds: [T2] }),
    m('removePersonTags', 'PersonTagsInput', 'personId tags { tagId }', { personId: P2, tagIds: [T2] }),
    m('addPersonThumbnails', 'AddPersonThumbnailsInput', 'personId thumbnails { id isPrimary }', { personId: P1, thumbnails }),
    m('removePersonThumbnails', 'RemovePersonThumbnailsInput', 'personId thumbnails { id }', { personId: P1, thumbnailIds: ['3101'] }),
    m('mergePersons', 'MergePersonsInput', 'personId assetCount', { personId: P1, mergePersonIds: [P3] }),
    m('deletePerson', 'PersonRefInput', 'deleted raw', { personId: P4 }),
    m('createPersonTag', 'CreatePersonTagInput', 'tagId name createdAt createdBy', { name: 'Director' }),
    m('deletePersonTag', 'PersonTagRefInput', 'deleted raw', { tagId: T3 }),
  ];
}
const SUBSCRIPTIONS = ['Subscription.analysisProgress', 'Subscription.sceneSummaryProgress', 'Subscription.assetSearchProgress'];
const SUMMARY_PROGRESS = /* GraphQL */ `
  subscription ($workspaceName: String!, $projectId: ID!, $assetId: ID!) { sceneSummaryProgress(workspaceName: $workspaceName, projectId: $projectId, assetId: $assetId) { status terminal } }
`;
const SEARCH_PROGRESS = /* GraphQL */ `
  subscription ($workspaceName: String!, $id: ID!) { assetSearchProgress(workspaceName: $workspaceName, id: $id) { status totalCount } }
`;

function rootFields(): string[] {
  const schema = buildGatewaySchema();
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    type ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [],
  );
}

/** `GET /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/index/status`: ids and query values replaced by their role. */
function shapeOf(method: string, target: string): string {
  const [path, query] = target.split('?') as [string, string | undefined];
  const parts = path.split('/');
  const names: Record<string, string> = {
    workspaces: '{ws}',
    projects: '{p}',
    assets: '{a}',
    indexes: '{i}',
    search: '{s}',
    persons: '{person}',
    'person-tags': '{tag}',
  };
  const shaped = parts.map((part, i) => {
    const role = names[parts[i - 1] ?? ''];
    // assets/import, assets/search, persons/search, persons/recommend-by-thumbnail: fixed segments where an id could stand.
    const fixed = (parts[i - 1] === 'assets' && (part === 'import' || part === 'search')) || (/^person/.test(parts[i - 1] ?? '') && !/^\d+$/.test(part));
    return role && !fixed ? role : part;
  });
  const keys = query ? `?${[...new URLSearchParams(query).keys()].map((k) => `${k}=`).join('&')}` : '';
  return `${method} ${shaped.join('/')}${keys}`;
}

const A = 'GET /api/v1/workspaces/{ws}/projects/{p}/assets/{a}';
const DEFAULT_SHAPES = [
  'GET /api/v1/workspaces?pageNum=&pageSize=',
  'GET /api/v1/workspaces/{ws}',
  'GET /api/v1/workspaces/{ws}/projects',
  'GET /api/v1/workspaces/{ws}/projects/{p}',
  'GET /api/v1/workspaces/{ws}/projects/{p}/assets?pageNum=&pageSize=',
  A,
  `${A}/import-status`,
  `${A}/index/status`,
  `${A}/indexes`,
  `${A}/indexes/{i}?confidence_level=`,
  'POST /api/v1/workspaces/{ws}/projects/{p}/assets/import/object-storage',
  'POST /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/index',
  'POST /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/index/cancel',
  'DELETE /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/index',
  `${A}/scene-summary/status`,
  `${A}/scene-summary`,
  'POST /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/scene-summary',
  'POST /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/scene-summary/cancel',
  'POST /api/v1/query-assets/uploads/presigned-url',
  'POST /api/v1/query-assets/uploads/complete',
  'POST /api/v1/workspaces/{ws}/assets/search',
  'GET /api/v1/workspaces/{ws}/assets/search/{s}?pageNum=&pageSize=',
];
/** The people DB (reference §8.8): the same in both generations. */
const W = '/api/v1/workspaces/{ws}';
const PERSON_SHAPES = [
  `POST ${W}/persons/search`,
  `GET ${W}/persons/{person}`,
  `GET ${W}/persons/{person}/similar?personCount=&scoreThreshold=`,
  `POST ${W}/persons/recommend-by-thumbnail`,
  `GET ${W}/person-tags?pageNum=&pageSize=&name=`,
  `GET ${W}/person-tags?pageNum=&pageSize=&id=`,
  `POST ${W}/person-thumbnail/uploads/presigned-url`,
  `POST ${W}/person-thumbnail/uploads/complete`,
  `POST ${W}/persons`,
  `PATCH ${W}/persons/{person}`,
  `DELETE ${W}/persons/{person}`,
  `POST ${W}/persons/{person}/person-tags`,
  `DELETE ${W}/persons/{person}/person-tags`,
  `POST ${W}/persons/{person}/person-thumbnail`,
  `DELETE ${W}/persons/{person}/person-thumbnail`,
  `POST ${W}/persons/{person}/merge`,
  `POST ${W}/person-tags`,
  `DELETE ${W}/person-tags/{tag}`,
];
DEFAULT_SHAPES.push(...PERSON_SHAPES);
/**
 * The same under `analyze`; requestIndex keeps POST …/index (the only endpoint with custom scene lengths), and
 * cancelSceneSummary the per-asset cancel (no older form exists). Scene summaries use the per-index paths.
 */
const ANALYZE_SHAPES = [
  ...DEFAULT_SHAPES.filter(
    (s) => !/\/index\/(status|cancel)$/.test(s) && !(s.startsWith('DELETE') && s.includes('/assets/')) && !/\/scene-summary(\/status)?$/.test(s),
  ),
  `${A}/indexes/{i}/scene-summaries`,
  'POST /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/indexes/{i}/scene-summaries',
  `${A}/analyze-status`,
  'POST /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/analyze',
  'DELETE /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/analyze',
  'DELETE /api/v1/workspaces/{ws}/projects/{p}/assets/{a}/indexes/{i}',
];

const isDeprecated = (method: string, target: string) => DEPRECATED.some(([m, path]) => (m === '*' || m === method) && path.test(target.split('?')[0]!));

describe('the operations below cover the schema', () => {
  it('has one operation for every query, mutation and subscription field', () => {
    expect([...OPERATIONS.map((o) => o.field), ...SUBSCRIPTIONS].sort()).toEqual(rootFields().sort());
  });
});

describe.each([
  { env: {}, name: 'default (index)', shapes: DEFAULT_SHAPES, deprecated: [] as string[] },
  {
    env: { MI_ANALYZE_ENDPOINT: 'analyze' },
    name: 'MI_ANALYZE_ENDPOINT=analyze',
    shapes: ANALYZE_SHAPES,
    deprecated: ANALYZE_SHAPES.filter((s) => /\/analyze(-status)?$|DELETE .*\/indexes\/\{i\}$|\/scene-summaries$/.test(s)),
  },
])('every operation of the schema, $name', ({ env, shapes, deprecated }) => {
  const stack = useStack({ env: { ...env, MI_POLL_INTERVAL_MS: '100' } });

  it('answers every operation without errors and sends only the expected upstream paths, each signed', async () => {
    for (const op of OPERATIONS) {
      const res = await stack.gql(op.query, op.variables);
      expect(res.body.errors, op.field).toBeUndefined();
    }
    expect(stack.emulator.requests.length).toBeGreaterThan(0);
    // The seeded index of the analysed asset is gone (deleted by the last mutation).
    const after = await stack.gql(`{ asset(workspaceName: "${ws}", projectId: "${p}", assetId: "${DEMO_ANALYSED_ASSET_ID}") { latestIndex { id } } }`);
    expect(after.body.data!.asset.latestIndex).toBeNull();

    const f = follow(stack.gateway.url, { authorization: `Bearer ${TENANT_KEY}` }, ref(DEMO_ANALYSED_ASSET_ID));
    try {
      expect(await within('the progress stream to end', f.ended)).toEqual({ how: 'complete' });
      expect(f.statuses()).toEqual(['ANALYZE_COMPLETED']);
    } finally {
      await f.dispose();
    }
    // The summary went with the deleted index (the emulator's cascade): BEFORE_SUMMARIZE, not terminal, so only its first state.
    const summary = follow(stack.gateway.url, { authorization: `Bearer ${TENANT_KEY}` }, ref(DEMO_ANALYSED_ASSET_ID), SUMMARY_PROGRESS);
    try {
      await within(
        'the first summary state',
        (async () => {
          while (summary.payloads.length === 0) await new Promise((r) => setTimeout(r, 20));
        })(),
      );
      expect(summary.payloads[0]).toEqual({ data: { sceneSummaryProgress: { status: 'BEFORE_SUMMARIZE', terminal: false } } });
    } finally {
      await summary.dispose();
    }
    const search = follow(stack.gateway.url, { authorization: `Bearer ${TENANT_KEY}` }, { workspaceName: ws, id: DEMO_SEARCH_ID }, SEARCH_PROGRESS);
    try {
      expect(await within('the search stream to end', search.ended)).toEqual({ how: 'complete' });
      expect(search.payloads).toEqual([{ data: { assetSearchProgress: { status: 'COMPLETED', totalCount: 60 } } }]);
    } finally {
      await search.dispose();
    }

    const seen = stack.emulator.requests;
    expect(seen.filter((r) => !r.signatureValid || r.status >= 400)).toEqual([]);
    expect([...new Set(seen.map((r) => shapeOf(r.method, r.target)))].sort()).toEqual([...shapes].sort());
    const old = seen.filter((r) => isDeprecated(r.method, r.target)).map((r) => shapeOf(r.method, r.target));
    expect([...new Set(old)].sort()).toEqual([...deprecated].sort());
    if (deprecated.length > 0) {
      // The deprecated delete names the newest index, found by listing them first.
      expect(seen.filter((r) => r.method === 'DELETE' && r.target.includes('/indexes/')).map((r) => r.target.split('/').at(-1))).toEqual([
        String(DEMO_INDEX_ID),
      ]);
    }
  });
});
