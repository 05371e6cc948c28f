import { describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID } from '../../src/dev/emulator/seed.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL } from '../helpers/http.js';
import { OTHER_TENANT_KEY, TENANT_KEY, useStack } from '../helpers/stack.js';

function rejections(text: string, reason: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`mi_gateway_rejections_total{reason="${reason}"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('mi_gateway_rejections_total for refusals of the request guard', () => {
  const stack = useStack({ globex: { rateLimit: { requests: 1, perSeconds: 60 } } });
  const metrics = async () => (await fetch(`${stack.gateway.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();

  it('counts a tenant rate-limit refusal as rate_limit', async () => {
    const globex = { authorization: `Bearer ${OTHER_TENANT_KEY}` };
    expect((await stack.gql(/* GraphQL */ `{ viewer { tenantId } }`, undefined, globex)).status).toBe(200);
    expect((await stack.gql(/* GraphQL */ `{ viewer { tenantId } }`, undefined, globex)).status).toBe(429);
    expect(rejections(await metrics(), 'rate_limit')).toBe(1);
  });

  it('counts a reused Idempotency-Key as idempotency_reused and a malformed one as idempotency_invalid_key', async () => {
    const headers = { authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': 'rejection-metrics-1' };
    expect((await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), headers)).status).toBe(200);
    const reused = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), headers);
    expect(reused.status).toBe(422);
    const invalid = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), { ...headers, 'idempotency-key': 'k'.repeat(256) });
    expect(invalid.status).toBe(400);
    const text = await metrics();
    expect(rejections(text, 'idempotency_reused')).toBe(1);
    expect(rejections(text, 'idempotency_invalid_key')).toBe(1);
  });
});
