import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { GLOBEX, OTHER_TENANT_KEY, useStack, type Stack } from '../helpers/stack.js';

const STATUS = /* GraphQL */ `
  query Status($assetId: ID!) {
    analysisStatus(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $assetId) { status }
  }
`;
const WORKSPACE = /* GraphQL */ `
  query Ws($name: String!) { workspace(name: $name) { name } }
`;
const assetId = String(DEMO_ANALYSED_ASSET_ID);
const HALF_OPEN_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function metricsText(stack: Stack): Promise<string> {
  return (await fetch(`${stack.gateway.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
}

function circuitGauge(text: string, host: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`mi_gateway_upstream_circuit_open{origin_host="${host}"}`));
  return line === undefined ? null : Number(line.split(' ').pop());
}

function rejections(text: string, reason: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`mi_gateway_rejections_total{reason="${reason}"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('circuit breaker per upstream origin', () => {
  // No read retries, so each GraphQL request is exactly one upstream attempt and the count is plain.
  const stack = useStack(
    { env: { UPSTREAM_READ_RETRIES: '0', UPSTREAM_BREAKER_FAILURES: '3', UPSTREAM_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS) } },
    { clearRequests: true, clearFaults: true },
  );
  let host: string;
  beforeAll(() => {
    host = new URL(stack.emulator.url).host;
  });

  it('opens after 3 consecutive 5xx, then fails fast with no upstream request; closes when the vendor recovers', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /index\/status$/, fault: { kind: 'status', status: 503 } });
    for (let i = 0; i < 3; i += 1) {
      const res = await stack.gql(STATUS, { assetId });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: { status: 503 } });
    }
    expect(stack.emulator.requests).toHaveLength(3);
    expect(circuitGauge(await metricsText(stack), host)).toBe(1);

    // Open: every call to that origin, whatever the endpoint or tenant, is answered by the gateway.
    const fast = await stack.gql(STATUS, { assetId });
    const otherEndpoint = await stack.gql(WORKSPACE, { name: DEMO_WORKSPACE });
    const otherTenant = await stack.gql(WORKSPACE, { name: DEMO_WORKSPACE }, { authorization: `Bearer ${OTHER_TENANT_KEY}` });
    for (const res of [fast, otherEndpoint, otherTenant]) {
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(res.body.errors?.[0]?.extensions?.upstream).toBeUndefined();
      expect(res.body.errors?.[0]?.message).toMatch(/failing/);
    }
    expect(stack.emulator.requests).toHaveLength(3);
    expect(rejections(await metricsText(stack), 'circuit_open')).toBe(3);

    // The vendor recovers; after the half-open period one trial call goes through and closes the circuit.
    stack.emulator.clearFaults();
    await sleep(HALF_OPEN_MS + 100);
    const recovered = await stack.gql(STATUS, { assetId });
    expect(recovered.body.data?.analysisStatus).toEqual({ status: 'ANALYZE_COMPLETED' });
    expect(stack.emulator.requests).toHaveLength(4);
    expect(circuitGauge(await metricsText(stack), host)).toBe(0);
    const again = await stack.gql(WORKSPACE, { name: DEMO_WORKSPACE });
    expect(again.body.data?.workspace).toEqual({ name: DEMO_WORKSPACE });
  });

  it('reopens when the trial call after the half-open period fails again', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /index\/status$/, fault: { kind: 'reset' } });
    for (let i = 0; i < 3; i += 1) await stack.gql(STATUS, { assetId });
    expect(stack.emulator.requests).toHaveLength(3);
    await sleep(HALF_OPEN_MS + 100);
    const trial = await stack.gql(STATUS, { assetId });
    expect(trial.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.emulator.requests).toHaveLength(4);
    await stack.gql(STATUS, { assetId });
    expect(stack.emulator.requests).toHaveLength(4);
    stack.emulator.clearFaults();
    await sleep(HALF_OPEN_MS + 100);
    expect((await stack.gql(STATUS, { assetId })).body.data?.analysisStatus).toEqual({ status: 'ANALYZE_COMPLETED' });
  });
});

describe("one tenant's 4xx answers do not open the circuit", () => {
  // globex's NCP secret is wrong, so the vendor answers it 401 on every call.
  const stack = useStack({ env: { UPSTREAM_READ_RETRIES: '0', UPSTREAM_BREAKER_FAILURES: '3', GLOBEX_SECRET: `${GLOBEX.secretKey}-wrong` } });

  it('lets acme through after many 404s of its own and 401s of globex', async () => {
    const globex = { authorization: `Bearer ${OTHER_TENANT_KEY}` };
    for (let i = 0; i < 5; i += 1) {
      const denied = await stack.gql(WORKSPACE, { name: DEMO_WORKSPACE }, globex);
      expect(denied.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', upstream: { status: 401 } });
      const missing = await stack.gql(WORKSPACE, { name: 'no-such-workspace' });
      expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { status: 404 } });
    }
    expect(stack.emulator.requests).toHaveLength(10);
    const res = await stack.gql(WORKSPACE, { name: DEMO_WORKSPACE });
    expect(res.body.data?.workspace).toEqual({ name: DEMO_WORKSPACE });
    expect(stack.emulator.requests).toHaveLength(11);
  });
});
