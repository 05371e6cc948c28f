import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { follow, gaps, within, type Follower } from '../helpers/live.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { callsTo, gql, startStack, TENANT_KEY, type Stack } from '../helpers/stack.js';

const INTERVAL_MS = 100;
const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const ref = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ANALYSED_ASSET_ID) };
const REQUEST = /* GraphQL */ `mutation ($input: RequestSceneSummaryInput!) { requestSceneSummary(input: $input) { accepted } }`;
const START = /* GraphQL */ `mutation ($input: StartAssetSearchInput!) { startAssetSearch(input: $input) { id } }`;
const SUMMARY = /* GraphQL */ `
  subscription ($workspaceName: String!, $projectId: ID!, $assetId: ID!) { sceneSummaryProgress(workspaceName: $workspaceName, projectId: $projectId, assetId: $assetId) { status } }
`;
const SEARCH = /* GraphQL */ `subscription ($workspaceName: String!, $id: ID!) { assetSearchProgress(workspaceName: $workspaceName, id: $id) { status totalCount } }`;

describe('sceneSummaryProgress and assetSearchProgress shared by two replicas through Redis', () => {
  let redis: RedisServer;
  let stack: Stack;
  let replicaB: Gateway;
  const followers: Follower[] = [];
  const open = (gateway: Gateway, variables: Record<string, unknown>, query: string) => {
    const f = follow(gateway.url, AUTH, variables, query);
    followers.push(f);
    return f;
  };

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ emulator: { analysisStepMs: 700 }, env: { MI_POLL_INTERVAL_MS: String(INTERVAL_MS), REDIS_URL: redis.url } });
    const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
    replicaB = createGateway({ ...stack.config }, { logger: createLogger('info', quiet) });
    await replicaB.start();
  });
  afterAll(async () => {
    await Promise.all(followers.map((f) => f.dispose()));
    await replicaB?.stop();
    await stack?.close();
    await redis?.stop();
  });
  beforeEach(() => stack.emulator.clearRequests());

  it('one poller for a summary followed on both replicas, backing off while queued', async () => {
    expect((await gql(stack.gateway.url, REQUEST, { input: ref }, AUTH)).body.errors).toBeUndefined();
    const all = [open(stack.gateway, ref, SUMMARY), open(stack.gateway, ref, SUMMARY), open(replicaB, ref, SUMMARY), open(replicaB, ref, SUMMARY)];
    const ends = await within('4 streams to end', Promise.all(all.map((f) => f.ended)));
    expect(ends.every((e) => e.how === 'complete')).toBe(true);
    for (const f of all) expect(f.payloads.at(-1)?.data?.sceneSummaryProgress?.status).toBe('SUMMARIZE_COMPLETED');
    const reads = callsTo(stack.emulator, 'GET', '/scene-summary/status').map((r) => r.at);
    expect(gaps(reads)[0]).toBeGreaterThanOrEqual(2 * INTERVAL_MS - 10);
    for (const gap of gaps(reads)) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - 10);
  });

  it('a search followed on both replicas ends COMPLETED everywhere', async () => {
    const started = await gql(
      stack.gateway.url,
      START,
      { input: { workspaceName: DEMO_WORKSPACE, query: { text: 'stage' }, filter: { projectIds: [String(DEMO_PROJECT_ID)] } } },
      AUTH,
    );
    const variables = { workspaceName: DEMO_WORKSPACE, id: started.body.data!.startAssetSearch.id };
    const all = [open(stack.gateway, variables, SEARCH), open(replicaB, variables, SEARCH)];
    await within('2 streams to end', Promise.all(all.map((f) => f.ended)));
    for (const f of all) expect(f.payloads.at(-1)?.data?.assetSearchProgress).toEqual({ status: 'COMPLETED', totalCount: 3 });
  });
});
