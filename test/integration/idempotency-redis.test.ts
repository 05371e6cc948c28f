import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_FAILING_ASSET_ID } from '../../src/dev/emulator/seed.js';
import { createLogger } from '../../src/observability/logger.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { postGraphQL } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { TENANT_KEY, callsTo, startStack, type Stack } from '../helpers/stack.js';
import { analyzeBody } from '../helpers/analyze-body.js';

describe('Idempotency-Key shared through Redis by two gateways', () => {
  let redis: RedisServer;
  let stack: Stack;
  let second: Gateway;
  let urls: string[];
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ env: { REDIS_URL: redis.url } });
    second = createGateway(stack.config, { logger: createLogger('silent') });
    urls = [stack.gateway.url, await second.start()];
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.close();
    await redis?.stop();
  });
  const headers = (key: string) => ({ authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': key });

  it('lets concurrent duplicates across both replicas cause exactly one upstream POST', async () => {
    stack.emulator.injectFault({ method: 'POST', path: /\/index$/, times: 1, fault: { kind: 'delay', delayMs: 400 } });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => postGraphQL(urls[i % 2]!, analyzeBody(DEMO_ASSET_ID), headers('shared-1'))));
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
    expect(answers[0]!.json.data?.analyzeAsset.id).toMatch(/^\d+$/);
    for (const answer of answers) expect(answer.text).toBe(answers[0]!.text);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
  });

  it('replays on the other replica, refuses reuse there, and drops a retryable answer for both', async () => {
    stack.emulator.clearRequests();
    const replay = await postGraphQL(urls[1]!, analyzeBody(DEMO_ASSET_ID), headers('shared-1'));
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const reused = await postGraphQL(urls[0]!, analyzeBody(DEMO_FAILING_ASSET_ID), headers('shared-1'));
    expect(reused.json.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');

    stack.emulator.injectFault({ method: 'POST', path: /\/index$/, times: 1, fault: { kind: 'status', status: 503, body: {} } });
    const failed = await postGraphQL(urls[0]!, analyzeBody(DEMO_FAILING_ASSET_ID), headers('shared-2'));
    expect(failed.json.errors?.[0]?.extensions?.retryable).toBe(true);
    const retried = await postGraphQL(urls[1]!, analyzeBody(DEMO_FAILING_ASSET_ID), headers('shared-2'));
    expect(retried.json.data?.analyzeAsset.id).toMatch(/^\d+$/);
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(2);
  });
});
