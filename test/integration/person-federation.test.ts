import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSON_IDS, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, gql, startStack, TENANT_KEY, useStack, type Stack } from '../helpers/stack.js';

const TALENT_SDL = readFileSync(new URL('../fixtures/talent-subgraph.graphql', import.meta.url), 'utf8');
const [P1, P2] = DEMO_PERSON_IDS.map(String) as [string, string];
const AGENCIES: Record<string, string> = { [P1]: 'FNC', [P2]: 'Antenna' };

describe('Person is a Federation 2 entity another subgraph extends (CONTRACT-vendor-surface §A.6)', () => {
  let stack: Stack;
  let talent: ApolloServer;
  let router: ApolloServer<{ authorization?: string }>;
  let routerUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    talent = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: parse(TALENT_SDL),
        resolvers: { Person: { __resolveReference: (ref: { personId: string }) => ({ ...ref, agency: AGENCIES[ref.personId] ?? null }) } } as never,
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url: talentUrl } = await startStandaloneServer(talent, { listen: { port: 0, host: '127.0.0.1' } });
    const ours = await stack.gql('{ _service { sdl } }');
    const composed = composeServices([
      { name: 'media-intelligence', typeDefs: parse(ours.body.data?._service.sdl), url: `${stack.gateway.url}/graphql` },
      { name: 'talent', typeDefs: parse(TALENT_SDL), url: talentUrl },
    ]);
    expect(composed.errors).toBeUndefined();
    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl!,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<{ authorization?: string }>({
          ...(url ? { url } : {}),
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    });
    router = new ApolloServer({ gateway });
    ({ url: routerUrl } = await startStandaloneServer(router, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => (req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    }));
  });
  afterAll(async () => {
    await router?.stop();
    await talent?.stop();
    await stack?.close();
  });

  it('answers a person search with the talent agency of each hit and of each similar person', async () => {
    stack.emulator.clearRequests();
    const res = await gql(
      routerUrl.replace(/\/$/, ''),
      `{ workspace(name: "${DEMO_WORKSPACE}") {
      persons(filter: { personIds: ["${P1}", "${P2}"] }, sort: { field: PERSON_ID, direction: ASC }) { nodes { personId name agency } }
    } }`,
      undefined,
      { authorization: `Bearer ${TENANT_KEY}` },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workspace.persons.nodes).toEqual([
      { personId: P1, name: 'Gildong Hong', agency: 'FNC' },
      { personId: P2, name: 'Gildong Hong (2)', agency: 'Antenna' },
    ]);
    expect(callsTo(stack.emulator, 'POST', '/persons/search')).toHaveLength(1);
  });
});

describe('_entities for Person and PersonTag', () => {
  const stack = useStack({}, { clearRequests: true });
  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { personId name description } ... on PersonTag { tagId name } } }';

  it('resolves references with one details GET per person (DataLoader), none for key fields only', async () => {
    const keysOnly = await stack.gql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { personId workspaceName } } }', {
      r: [{ __typename: 'Person', workspaceName: DEMO_WORKSPACE, personId: P1 }],
    });
    expect(keysOnly.body.data!._entities).toEqual([{ personId: P1, workspaceName: DEMO_WORKSPACE }]);
    expect(stack.emulator.requests).toEqual([]);

    const res = await stack.gql(ENTITIES, {
      r: [
        { __typename: 'Person', workspaceName: DEMO_WORKSPACE, personId: P1 },
        { __typename: 'Person', workspaceName: DEMO_WORKSPACE, personId: P2 },
        { __typename: 'Person', workspaceName: DEMO_WORKSPACE, personId: P1 },
        { __typename: 'PersonTag', workspaceName: DEMO_WORKSPACE, tagId: '101' },
      ],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!._entities.map((e: { personId?: string; tagId?: string }) => e.personId ?? e.tagId)).toEqual([P1, P2, P1, '101']);
    expect(callsTo(stack.emulator, 'GET', `/persons/${P1}`)).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', `/persons/${P2}`)).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', '/person-tags')[0]!.target).toMatch(/\?pageNum=1&pageSize=1&id=101$/);
  });

  it('an unknown person or tag reads null fields with NOT_FOUND; a bad key is BAD_USER_INPUT for its own entry', async () => {
    const res = await stack.gql(ENTITIES, {
      r: [
        { __typename: 'Person', workspaceName: DEMO_WORKSPACE, personId: '999999' },
        { __typename: 'PersonTag', workspaceName: DEMO_WORKSPACE, tagId: '999' },
        { __typename: 'Person', workspaceName: DEMO_WORKSPACE, personId: 'abc' },
      ],
    });
    // Each field of an unknown person fails with NOT_FOUND (name and description), from one shared GET.
    const codes = res.body.errors!.map((e) => e.extensions?.code).sort();
    expect(codes).toEqual(['BAD_USER_INPUT', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect(callsTo(stack.emulator, 'GET', '/persons/999999')).toHaveLength(1);
    expect(res.body.data!._entities[0]).toEqual({ personId: '999999', name: null, description: null });
  });
});
