import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID } from '../../src/dev/emulator/seed.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { TENANT_KEY, callsTo, startStack, type Stack } from '../helpers/stack.js';

/**
 * Redis frozen with SIGSTOP: its connections stay open and nothing answers (a partition without a
 * reset). Every Redis command is bounded (REDIS_TIMEOUT_MS, 1 s by default), so requests fall back as
 * the README says instead of hanging for the whole freeze.
 */
describe('a frozen Redis', () => {
  let redis: RedisServer;
  let stack: Stack;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ env: { REDIS_URL: redis.url }, acme: { rateLimit: { requests: 100, perSeconds: 60 } } });
    // One request while Redis answers, so the rate limiter's and the store's connections are in use.
    expect((await stack.gql('{ viewer { tenantId } }')).status).toBe(200);
    redis.freeze();
  });
  afterAll(async () => {
    redis?.thaw();
    await stack?.close();
    await redis?.stop();
  });
  const headers = (key?: string) => ({ authorization: `Bearer ${TENANT_KEY}`, ...(key ? { 'idempotency-key': key } : {}) });

  it("answers a rate-limited tenant's query within 2 s (the replica counts on its own)", async () => {
    const started = Date.now();
    const answer = await postGraphQL(stack.gateway.url, { query: '{ viewer { tenantId } }' }, headers());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(answer.status).toBe(200);
    expect(answer.json.data?.viewer.tenantId).toBe('acme');
  });

  it('answers a keyed mutation within ~2 s with 503 UPSTREAM_UNAVAILABLE (retryable), nothing sent upstream', async () => {
    stack.emulator.clearRequests();
    const started = Date.now();
    const answer = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), headers('frozen-1'));
    // The rate limit's command and the claim: each bounded by 1 s.
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(answer.status).toBe(503);
    expect(answer.json.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(analysisPosts(stack)).toBe(0);
  });

  it('runs the keyed mutation once Redis answers again', async () => {
    redis.thaw();
    const answer = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), headers('frozen-1'));
    expect(answer.json.data?.analyzeAsset.id).toMatch(/^\d+$/);
    expect(analysisPosts(stack)).toBe(1);
  });
});

const analysisPosts = (stack: Stack) => callsTo(stack.emulator, 'POST', '/analyze').length + callsTo(stack.emulator, 'POST', '/index').length;
