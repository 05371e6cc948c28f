import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { follow, gaps, waitFor, within, type Follower } from '../helpers/live.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { callsTo, gql, startStack, TENANT_KEY, type Stack } from '../helpers/stack.js';

const INTERVAL_MS = 100;
const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const ANALYZE = /* GraphQL */ `mutation ($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }`;
const keynote = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID) };
const trailer = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_TRAILERS_PROJECT_ID), assetId: String(DEMO_TRAILER_ASSET_ID) };

describe('analysisProgress shared by two replicas through Redis', () => {
  let redis: RedisServer;
  let stack: Stack; // replica A (with the emulator)
  let replicaB: Gateway;
  const followers: Follower[] = [];
  const open = (gateway: Gateway, variables: Record<string, unknown>) => {
    const f = follow(gateway.url, AUTH, variables);
    followers.push(f);
    return f;
  };
  const statusReads = () => callsTo(stack.emulator, 'GET', '/index/status');
  const analyse = async (url: string, ref: Record<string, string>) => {
    const res = await gql(url, ANALYZE, { input: { ...ref, analysisPersonCount: 1 } }, AUTH);
    expect(res.body.errors).toBeUndefined();
  };

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ emulator: { analysisStepMs: 400 }, env: { MI_POLL_INTERVAL_MS: String(INTERVAL_MS), REDIS_URL: redis.url } });
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

  it('polls the vendor in one stream for subscribers on both replicas', async () => {
    await analyse(stack.gateway.url, keynote);
    const onA = Array.from({ length: 5 }, () => open(stack.gateway, keynote));
    const onB = Array.from({ length: 5 }, () => open(replicaB, keynote));
    const ends = await within('10 streams to end', Promise.all([...onA, ...onB].map((f) => f.ended)));
    expect(ends.every((e) => e.how === 'complete')).toBe(true);
    for (const f of [...onA, ...onB]) {
      expect(f.statuses().at(-1)).toBe('ANALYZE_COMPLETED');
      expect(f.statuses()).toContain('ANALYZING');
    }
    const reads = statusReads();
    expect(reads.length).toBeGreaterThan(0);
    // One lock owner reads, then waits an interval: two pollers would interleave closer reads.
    for (const gap of gaps(reads.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - 10);
  });

  it('hands polling over when the replica that polls stops', async () => {
    const onA = open(stack.gateway, trailer);
    await waitFor('A to see BEFORE_ANALYZE', () => onA.payloads.length > 0);
    const onB = open(replicaB, trailer);
    await waitFor('B to see the shared state', () => onB.payloads.length > 0);
    expect(onB.statuses()).toEqual(['BEFORE_ANALYZE']);

    await within('A to stop', stack.gateway.stop());
    expect(await within('A’s stream to end', onA.ended)).toEqual({ how: 'complete' });
    const before = statusReads().length;
    await waitFor('B to take the polling over', () => statusReads().length >= before + 2);

    await analyse(replicaB.url, trailer);
    expect(await within('B’s stream to end', onB.ended)).toEqual({ how: 'complete' });
    expect(onB.statuses()).toEqual(['BEFORE_ANALYZE', 'WAIT_ANALYZE', 'ANALYZING', 'ANALYZE_COMPLETED']);
  });
});
