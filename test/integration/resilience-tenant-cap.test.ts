import { describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { OTHER_TENANT_KEY, callsTo, useStack, type Stack } from '../helpers/stack.js';

const STATUS = /* GraphQL */ `
  query Status($assetId: ID!) {
    analysisStatus(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $assetId) { status }
  }
`;
const SLOW_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function metricsText(stack: Stack): Promise<string> {
  return (await fetch(`${stack.gateway.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
}

describe('per-tenant cap on upstream calls', () => {
  const stack = useStack({ env: { UPSTREAM_MAX_CONCURRENCY_PER_TENANT: '2', UPSTREAM_TENANT_QUEUE_TIMEOUT_MS: '200' } });

  it('keeps acme to 2 calls in flight, refuses what cannot wait, and never blocks globex', async () => {
    // Only acme's asset is slow; globex reads another asset through the same origin and pool.
    stack.emulator.injectFault({ method: 'GET', path: new RegExp(`/assets/${DEMO_ASSET_ID}/index/status$`), fault: { kind: 'delay', delayMs: SLOW_MS } });
    const settled: string[] = [];
    const acme = Array.from({ length: 4 }, (_, i) =>
      stack.gql(STATUS, { assetId: String(DEMO_ASSET_ID) }).then((res) => {
        settled.push(`acme-${i}`);
        return res;
      }),
    );
    // Only once acme's four requests are inside the gateway does globex ask (bounded wait).
    for (let i = 0; i < 100 && !(await metricsText(stack)).includes('mi_gateway_graphql_requests_in_flight 4'); i += 1) await sleep(20);
    expect(await metricsText(stack)).toContain('mi_gateway_graphql_requests_in_flight 4');
    const globex = await stack.gql(STATUS, { assetId: String(DEMO_ANALYSED_ASSET_ID) }, { authorization: `Bearer ${OTHER_TENANT_KEY}` });
    expect(globex.body.data?.analysisStatus).toEqual({ status: 'ANALYZE_COMPLETED' });
    // globex is done while acme's two admitted calls are still at the vendor.
    const acmeStatusCalls = () => callsTo(stack.emulator, 'GET', `/assets/${DEMO_ASSET_ID}/index/status`);
    expect(acmeStatusCalls()).toHaveLength(0);
    expect(settled.filter((s) => s.startsWith('acme')).length).toBeLessThanOrEqual(2);

    const results = await Promise.all(acme);
    const ok = results.filter((r) => r.body.data?.analysisStatus);
    const refused = results.filter((r) => r.body.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(ok).toHaveLength(2);
    expect(refused).toHaveLength(2);
    expect(refused[0]!.body.errors![0]!.extensions).toMatchObject({ retryable: true, retryAfterSeconds: 1 });
    // The two that waited past UPSTREAM_TENANT_QUEUE_TIMEOUT_MS never reached the vendor.
    expect(acmeStatusCalls()).toHaveLength(2);
    expect(await metricsText(stack)).toContain('mi_gateway_rejections_total{reason="tenant_concurrency"} 2');
  });
});
