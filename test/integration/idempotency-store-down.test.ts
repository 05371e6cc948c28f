import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID } from '../../src/dev/emulator/seed.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { freePort } from '../helpers/redis.js';
import { TENANT_KEY, callsTo, startStack, type Stack } from '../helpers/stack.js';

/** REDIS_URL names a port where nothing listens: idempotency records cannot be claimed. */
describe('Idempotency-Key while the shared store is down', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
  });
  afterAll(() => stack.close());

  it('answers 503 UPSTREAM_UNAVAILABLE (retryable) and sends nothing upstream, so a retry is safe', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': 'store-down-1' },
      body: JSON.stringify(analyzeBody(DEMO_ASSET_ID)),
      signal: AbortSignal.timeout(15_000),
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(0);
    expect(stack.logs.some((line) => line.includes('idempotency store failed'))).toBe(true);
  });
});
