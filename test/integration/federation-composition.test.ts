import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_INDEX_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { ACME, callsTo, GLOBEX, gql, OTHER_TENANT_KEY, startStack, TENANT_KEY, type Stack } from '../helpers/stack.js';

const CATALOGUE_SDL = readFileSync(new URL('../fixtures/catalogue-subgraph.graphql', import.meta.url), 'utf8');
const TITLES: Record<string, { title: string; rightsWindow: string }> = {
  [String(DEMO_ANALYSED_ASSET_ID)]: { title: 'Keynote intro', rightsWindow: '2026-01-01/2027-12-31' },
};

interface GatewayContext {
  authorization?: string;
}

const QUERY = /* GraphQL */ `
  query Asset($assetId: ID!) {
    asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $assetId) {
      assetId title rightsWindow analysisStatus { status indexId }
    }
  }
`;

describe('composition with another media subgraph behind a real federation gateway', () => {
  let stack: Stack;
  let catalogue: ApolloServer;
  let router: ApolloServer<GatewayContext>;
  let routerUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    catalogue = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: parse(CATALOGUE_SDL),
        resolvers: { Asset: { __resolveReference: (ref: { assetId: string }) => ({ ...ref, ...TITLES[ref.assetId] }) } } as never,
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url: catalogueUrl } = await startStandaloneServer(catalogue, { listen: { port: 0, host: '127.0.0.1' } });

    // What `rover subgraph introspect` reads: the SDL the subgraph publishes.
    const ours = await stack.gql('{ _service { sdl } }');
    const composed = composeServices([
      { name: 'media-intelligence', typeDefs: parse(ours.body.data?._service.sdl), url: `${stack.gateway.url}/graphql` },
      { name: 'catalogue', typeDefs: parse(CATALOGUE_SDL), url: catalogueUrl },
    ]);
    expect(composed.errors).toBeUndefined();

    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl!,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<GatewayContext>({
          ...(url ? { url } : {}),
          // Our subgraph authenticates every call: the client's key travels with the subgraph request.
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    });
    router = new ApolloServer<GatewayContext>({ gateway });
    ({ url: routerUrl } = await startStandaloneServer(router, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => (req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    }));
  });
  afterAll(async () => {
    await router?.stop();
    await catalogue?.stop();
    await stack?.close();
  });

  it('answers one query with fields of both services for the same asset, signed for the caller tenant', async () => {
    stack.emulator.clearRequests();
    const res = await gql(routerUrl.replace(/\/$/, ''), QUERY, { assetId: String(DEMO_ANALYSED_ASSET_ID) }, { authorization: `Bearer ${TENANT_KEY}` });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.asset).toEqual({
      assetId: String(DEMO_ANALYSED_ASSET_ID),
      title: 'Keynote intro',
      rightsWindow: '2026-01-01/2027-12-31',
      analysisStatus: { status: 'ANALYZE_COMPLETED', indexId: String(DEMO_INDEX_ID) },
    });
    const reads = callsTo(stack.emulator, 'GET', '/index/status');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ accessKey: ACME.accessKey, signatureValid: true });
  });

  it('signs with the other tenant’s keys when the other tenant asks', async () => {
    stack.emulator.clearRequests();
    const res = await gql(routerUrl.replace(/\/$/, ''), QUERY, { assetId: String(DEMO_ANALYSED_ASSET_ID) }, { authorization: `Bearer ${OTHER_TENANT_KEY}` });
    expect(res.body.data?.asset?.analysisStatus?.status).toBe('ANALYZE_COMPLETED');
    expect(callsTo(stack.emulator, 'GET', '/index/status').map((r) => r.accessKey)).toEqual([GLOBEX.accessKey]);
  });

  it('makes no upstream call when the client sent no key', async () => {
    stack.emulator.clearRequests();
    const res = await gql(routerUrl.replace(/\/$/, ''), QUERY, { assetId: String(DEMO_ANALYSED_ASSET_ID) });
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(res.body.data?.asset ?? null).toBeNull();
    expect(stack.emulator.requests).toEqual([]);
  });
});
