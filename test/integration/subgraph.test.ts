import { describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { useStack } from '../helpers/stack.js';

describe('Federation 2 subgraph', () => {
  const stack = useStack();

  it('publishes its SDL with the Asset entity key', async () => {
    const res = await stack.gql('{ _service { sdl } }');
    expect(res.body.data?._service.sdl).toMatch(/type Asset\s+@key\(fields: "workspaceName projectId assetId"\)/);
    expect(res.body.data?._service.sdl).toContain('analyzeAsset(input: AnalyzeInput!): AssetIndex');
  });

  it('resolves Asset references through _entities with the caller tenant', async () => {
    const res = await stack.gql(
      /* GraphQL */ `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Asset { assetId analysisStatus { status indexId } } } }`,
      { reps: [{ __typename: 'Asset', workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ANALYSED_ASSET_ID) }] },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?._entities).toEqual([{ assetId: String(DEMO_ANALYSED_ASSET_ID), analysisStatus: { status: 'ANALYZE_COMPLETED', indexId: '9001' } }]);
    expect(stack.emulator.requests.at(-1)?.accessKey).toBe('ACMEACCESSKEY0001');
  });

  it('refuses an entity reference whose ids could change the upstream path', async () => {
    const res = await stack.gql(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Asset { assetId } } }`, {
      reps: [{ __typename: 'Asset', workspaceName: '../admin', projectId: '1', assetId: '2' }],
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('fails only the bad reference of a batch, and one missing a key field never reaches the vendor', async () => {
    stack.emulator.clearRequests();
    const good = { __typename: 'Asset', workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ANALYSED_ASSET_ID) };
    const res = await stack.gql(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Asset { assetId analysisStatus { status } } } }`, {
      reps: [good, { __typename: 'Asset', workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID) }, { ...good, assetId: '../x' }],
    });
    expect(res.body.data?._entities).toEqual([{ assetId: String(DEMO_ANALYSED_ASSET_ID), analysisStatus: { status: 'ANALYZE_COMPLETED' } }, null, null]);
    expect(res.body.errors?.map((e) => [(e as { path?: unknown }).path, e.extensions?.code])).toEqual([
      [['_entities', 1], 'BAD_USER_INPUT'],
      [['_entities', 2], 'BAD_USER_INPUT'],
    ]);
    expect(stack.emulator.requests.map((r) => r.target)).toEqual([
      `/api/v1/workspaces/${DEMO_WORKSPACE}/projects/${DEMO_PROJECT_ID}/assets/${DEMO_ANALYSED_ASSET_ID}/index/status`,
    ]);
  });

  it('answers a representation that names no entity type with BAD_USER_INPUT for that entry, not a masked internal error', async () => {
    const good = { __typename: 'Asset', workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ANALYSED_ASSET_ID) };
    const res = await stack.gql(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Asset { assetId } } }`, {
      reps: [good, { __typename: 'Nope' }, { __typename: 'Query' }, 5, { workspaceName: DEMO_WORKSPACE }],
    });
    expect(res.body.data?._entities).toEqual([{ assetId: String(DEMO_ANALYSED_ASSET_ID) }, null, null, null, null]);
    expect(res.body.errors?.map((e) => [(e as { path?: unknown }).path, e.extensions?.code])).toEqual(
      [1, 2, 3, 4].map((i) => [['_entities', i], 'BAD_USER_INPUT']),
    );
    // Each entry keeps its place whichever settles first (graphql-jit appends a failed list item).
    const badFirst = await stack.gql(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Asset { assetId } } }`, {
      reps: [{ __typename: 'Nope' }, good],
    });
    expect(badFirst.body.data?._entities).toEqual([null, { assetId: String(DEMO_ANALYSED_ASSET_ID) }]);
  });
});
