import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { OTHER_TENANT_KEY, TENANT_KEY, callsTo, gql, startStack, useStack, type GqlResponse, type Stack } from '../helpers/stack.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }
`;
const VIEWER = /* GraphQL */ `{ viewer { tenantId } }`;
const input = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID), analysisPersonCount: 1 };

function expectRateLimited(res: GqlResponse): number {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  const ext = res.body.errors?.[0]?.extensions;
  expect(ext).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  expect(Number.isInteger(ext!.retryAfterSeconds) && ext!.retryAfterSeconds >= 1).toBe(true);
  return retryAfter;
}

describe('per-tenant rate limit in memory', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ acme: { rateLimit: { requests: 3, perSeconds: 2 } } });
  });
  afterAll(() => stack.close());

  it('admits exactly `requests` of a burst, answers the rest 429 without an upstream call, and rejected ones do not count', async () => {
    // The window may roll over while the burst is in flight; waiting out a first rejection aligns the test to a fresh window.
    const first = await Promise.all(Array.from({ length: 8 }, () => stack.gql(VIEWER)));
    const rejected = first.find((r) => r.status === 429);
    expect(rejected).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, expectRateLimited(rejected!) * 1000));

    stack.emulator.clearRequests();
    const burst = await Promise.all(Array.from({ length: 10 }, () => stack.gql(ANALYZE, { input })));
    const admitted = burst.filter((r) => r.status !== 429);
    expect(admitted).toHaveLength(3);
    for (const res of burst.filter((r) => r.status === 429)) expectRateLimited(res);
    // Only admitted requests reached the vendor (the first analyses, the others get 409 from the vendor).
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(3);

    // Seven rejections in this window do not eat into the next one: after Retry-After, a full quota again.
    const wait = expectRateLimited(burst.find((r) => r.status === 429)!);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    const next = await Promise.all(Array.from({ length: 4 }, () => stack.gql(VIEWER)));
    expect(next.filter((r) => r.status === 200)).toHaveLength(3);
    expect(next.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('limits each tenant on its own: a tenant without rateLimit is never refused', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => stack.gql(VIEWER, undefined, { authorization: `Bearer ${OTHER_TENANT_KEY}` })));
    expect(results.every((r) => r.status === 200 && r.body.data?.viewer.tenantId === 'globex')).toBe(true);
  });

  it('still answers 401 (not 429) for an unknown key', async () => {
    const res = await stack.gql(VIEWER, undefined, { authorization: 'Bearer nobody' });
    expect(res.status).toBe(401);
  });
});

describe('per-tenant rate limit shared through Redis by two gateways', () => {
  let redis: RedisServer;
  let stack: Stack;
  let second: Gateway;
  let secondUrl: string;
  beforeAll(async () => {
    redis = await startRedis();
    // A long window, so the whole burst falls into one window.
    stack = await startStack({ env: { REDIS_URL: redis.url }, acme: { rateLimit: { requests: 5, perSeconds: 60 } } });
    second = createGateway(stack.config, { logger: createLogger('silent') });
    secondUrl = await second.start();
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.close();
    await redis?.stop();
  });

  it('never admits more than the cap across both replicas together', async () => {
    const urls = [stack.gateway.url, secondUrl];
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => gql(urls[i % 2]!, VIEWER, undefined, { authorization: `Bearer ${TENANT_KEY}` })));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(5);
    const rejected = burst.filter((r) => r.status === 429);
    expect(rejected).toHaveLength(15);
    for (const res of rejected) expectRateLimited(res);
  });
});

describe('a misspelt rateLimit in the tenants file', () => {
  const stack = useStack({ globex: { rateLimt: { requests: 1, perSeconds: 600 } } });

  it('is named in a startup warning, since the tenant it was meant for has no limit', async () => {
    const warnings = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['msg'] === 'configuration looks wrong');
    expect(warnings.map((entry) => [entry['level'], entry['problem']])).toEqual([
      ['warn', 'tenants[1] (globex): field "rateLimt" is not read (did you mean "rateLimit"?)'],
    ]);
    const answers = await Promise.all(Array.from({ length: 3 }, () => gql(stack.gateway.url, VIEWER, {}, { authorization: `Bearer ${OTHER_TENANT_KEY}` })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
