import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, startStack, useStack, type Stack } from '../helpers/stack.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const STATUS = /* GraphQL */ `
  query Status($assetId: ID!) {
    analysisStatus(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $assetId) { status }
  }
`;
const WORKSPACE = /* GraphQL */ `
  query Ws($name: String!) { workspace(name: $name) { name } }
`;
const assetId = String(DEMO_ANALYSED_ASSET_ID);

/** The signed timestamp and signature of every request that left the gateway, in order. */
function signedHeaders(proxy: TcpProxy): Array<{ timestamp: number; signature: string }> {
  const wire = proxy.sent.join('');
  const timestamps = [...wire.matchAll(/x-ncp-apigw-timestamp:\s*(\d+)/gi)].map((m) => Number(m[1]));
  const signatures = [...wire.matchAll(/x-ncp-apigw-signature-v2:\s*([A-Za-z0-9+/=]+)/gi)].map((m) => m[1]!);
  return timestamps.map((timestamp, i) => ({ timestamp, signature: signatures[i]! }));
}

describe('retries of idempotent reads', () => {
  let stack: Stack;
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy();
    // The breaker must not get in the way of these bursts (it is tested in resilience-breaker.test.ts).
    stack = await startStack({ acme: { baseUrl: proxy.url }, env: { UPSTREAM_BREAKER_FAILURES: '1000' } });
    proxy.target = stack.emulator.url;
  });
  afterAll(async () => {
    await stack.close();
    await proxy.close();
  });
  beforeEach(() => {
    stack.emulator.clearFaults();
    stack.emulator.clearRequests();
    proxy.sent.length = 0;
  });

  it('answers with data after two 503s: three attempts, each signed anew and valid', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /index\/status$/, times: 2, fault: { kind: 'status', status: 503 } });
    const res = await stack.gql(STATUS, { assetId });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.analysisStatus).toEqual({ status: 'ANALYZE_COMPLETED' });
    const calls = callsTo(stack.emulator, 'GET', '/index/status');
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(calls.every((c) => c.signatureValid && c.accessKey === 'ACMEACCESSKEY0001')).toBe(true);
    const signed = signedHeaders(proxy);
    expect(signed).toHaveLength(3);
    // Each attempt is signed after the previous answer arrived, never with an older timestamp.
    for (let i = 1; i < signed.length; i += 1) expect(signed[i]!.timestamp).toBeGreaterThanOrEqual(calls[i - 1]!.at);
  });

  it("waits out a 429's Retry-After: 1, then retries with a fresh timestamp and signature", async () => {
    stack.emulator.injectFault({ method: 'GET', path: /index\/status$/, times: 1, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const res = await stack.gql(STATUS, { assetId });
    expect(res.body.data?.analysisStatus).toEqual({ status: 'ANALYZE_COMPLETED' });
    expect(callsTo(stack.emulator, 'GET', '/index/status').map((c) => c.status)).toEqual([429, 200]);
    const [first, second] = signedHeaders(proxy);
    // The retry came after the vendor's Retry-After (1 s; a little slack for timer rounding).
    expect(second!.timestamp - first!.timestamp).toBeGreaterThanOrEqual(990);
    expect(second!.signature).not.toBe(first!.signature);
  });

  it('answers RATE_LIMITED at once when Retry-After exceeds the cap (UPSTREAM_RETRY_AFTER_MAX_MS, 2 s)', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /index\/status$/, times: 1, fault: { kind: 'status', status: 429, headers: { 'retry-after': '30' } } });
    const res = await stack.gql(STATUS, { assetId });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 30 });
    expect(callsTo(stack.emulator, 'GET', '/index/status')).toHaveLength(1);
  });

  it.each([
    [400, 'BAD_USER_INPUT'],
    [401, 'UPSTREAM_AUTH_FAILED'],
    [403, 'UPSTREAM_AUTH_FAILED'],
    [404, 'NOT_FOUND'],
  ])('does not retry a GET answered %i (%s)', async (status, code) => {
    stack.emulator.injectFault({ method: 'GET', path: `/api/v1/workspaces/${DEMO_WORKSPACE}`, times: 3, fault: { kind: 'status', status } });
    const res = await stack.gql(WORKSPACE, { name: DEMO_WORKSPACE });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code, upstream: { status } });
    expect(stack.emulator.requests).toHaveLength(1);
  });

  it('gives up after three attempts in all when the vendor keeps failing', async () => {
    stack.emulator.injectFault({ method: 'GET', path: `/api/v1/workspaces/${DEMO_WORKSPACE}`, fault: { kind: 'reset' } });
    const res = await stack.gql(WORKSPACE, { name: DEMO_WORKSPACE });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(stack.emulator.requests).toHaveLength(3);
    const attempts = stack.logs.map((line) => JSON.parse(line)).filter((e) => e.msg === 'upstream call' && e.upstream.endpoint === 'workspace');
    expect(attempts.slice(-3).map((e) => e.upstream.attempt)).toEqual([1, 2, 3]);
  });
});

describe('UPSTREAM_READ_RETRIES=0', () => {
  const stack = useStack({ env: { UPSTREAM_READ_RETRIES: '0' } });

  it('sends a failing GET once', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /index\/status$/, times: 2, fault: { kind: 'status', status: 503 } });
    const res = await stack.gql(STATUS, { assetId });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: { status: 503 } });
    expect(callsTo(stack.emulator, 'GET', '/index/status')).toHaveLength(1);
  });
});
