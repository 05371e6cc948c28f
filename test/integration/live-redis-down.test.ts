import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { follow, within, type Follower } from '../helpers/live.js';
import { freePort } from '../helpers/redis.js';
import { ACME, callsTo, startStack, TENANT_KEY, type Stack } from '../helpers/stack.js';

const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const keynote = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID) };

/**
 * REDIS_URL is set but nothing answers there: the replica cannot share a poller, so it polls on its own
 * (as the rate limit counts on its own) instead of leaving the stream silent until Redis comes back.
 */
describe('analysisProgress with REDIS_URL set and Redis unreachable', () => {
  let stack: Stack;
  const followers: Follower[] = [];
  beforeAll(async () => {
    const port = await freePort();
    stack = await startStack({ emulator: { analysisStepMs: 300 }, env: { MI_POLL_INTERVAL_MS: '100', REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await Promise.all(followers.map((f) => f.dispose()));
    await stack.close();
  });

  it('still sends the states, signed for the tenant, and completes after the terminal one', async () => {
    const analysed = await stack.gql(/* GraphQL */ `mutation ($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }`, {
      input: { ...keynote, analysisPersonCount: 1 },
    });
    expect(analysed.body.errors).toBeUndefined();
    const f = follow(stack.gateway.url, AUTH, keynote);
    followers.push(f);
    expect(await within('the stream to end', f.ended, 15_000)).toEqual({ how: 'complete' });
    expect(f.statuses().at(-1)).toBe('ANALYZE_COMPLETED');
    const reads = callsTo(stack.emulator, 'GET', '/index/status');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.accessKey === ACME.accessKey && r.signatureValid)).toBe(true);
  });
});
