import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_UPLOADING_ASSET_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { follow, gaps, sleep, waitFor, within, type Follower } from '../helpers/live.js';
import { ACME, callsTo, startStack, useStack, TENANT_KEY, type Stack } from '../helpers/stack.js';

const INTERVAL_MS = 100;
const STEP_MS = 300;
const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const ANALYZE = /* GraphQL */ `mutation ($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }`;
const keynote = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID) };
/** Never analysed and never finishing its upload: BEFORE_ANALYZE for ever, so polling never ends by itself. */
const idle = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_UPLOADING_ASSET_ID) };
const statusReads = (stack: Stack) => callsTo(stack.emulator, 'GET', '/index/status');

async function analyse(stack: Stack, ref: Record<string, string>): Promise<void> {
  const res = await stack.gql(ANALYZE, { input: { ...ref, analysisPersonCount: 1 } });
  expect(res.body.errors).toBeUndefined();
}

describe('analysisProgress over WebSocket (one replica)', () => {
  let stack: Stack;
  const followers: Follower[] = [];
  const open = (params: Record<string, unknown> | undefined, variables: Record<string, unknown>) => {
    const f = follow(stack.gateway.url, params, variables);
    followers.push(f);
    return f;
  };
  beforeAll(async () => {
    stack = await startStack({ emulator: { analysisStepMs: STEP_MS }, env: { MI_POLL_INTERVAL_MS: String(INTERVAL_MS) } });
  });
  afterAll(async () => {
    await Promise.all(followers.map((f) => f.dispose()));
    await stack.close();
  });
  beforeEach(() => {
    stack.emulator.clearRequests();
    stack.emulator.clearFaults();
  });

  it('sends the current state at once, then each change, and completes after the terminal state', async () => {
    await analyse(stack, keynote);
    const f = open(AUTH, keynote);
    expect(await within('the stream to end', f.ended)).toEqual({ how: 'complete' });
    expect(f.statuses()).toEqual(['WAIT_ANALYZE', 'ANALYZING', 'ANALYZE_COMPLETED']);
    expect(f.payloads.at(-1)?.data?.analysisProgress).toMatchObject({ terminal: true, rawStatus: 'ANALYZE_COMPLETED' });
    expect(statusReads(stack).every((r) => r.accessKey === ACME.accessKey && r.signatureValid)).toBe(true);
  });

  it('polls once per interval for 20 subscribers of one asset (one poll stream, not 20)', async () => {
    await analyse(stack, keynote);
    const many = Array.from({ length: 20 }, () => open(AUTH, keynote));
    const ends = await within('20 streams to end', Promise.all(many.map((f) => f.ended)));
    expect(ends.every((e) => e.how === 'complete')).toBe(true);
    for (const f of many) expect(f.statuses().at(-1)).toBe('ANALYZE_COMPLETED');
    const reads = statusReads(stack);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThan(20);
    // One poller waits an interval after each read before the next: no two reads come closer than that.
    for (const gap of gaps(reads.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - 10);
  });

  it('refuses a socket without a known key with 4401, before any upstream call', async () => {
    const wrong = open({ authorization: 'Bearer not-a-key' }, keynote);
    const missing = open(undefined, keynote);
    for (const f of [wrong, missing]) {
      expect((await within('refusal', f.ended)).how).toBe('error');
      expect(f.closes).toEqual([4401]);
      expect(f.payloads).toEqual([]);
    }
    expect(stack.emulator.requests).toEqual([]);
  });

  it('reports a burst of vendor 500s as UPSTREAM_UNAVAILABLE in the stream, then carries on', async () => {
    await analyse(stack, keynote);
    const f = open(AUTH, keynote);
    await waitFor('the first state', () => f.payloads.length > 0);
    stack.emulator.injectFault({
      method: 'GET',
      path: /index\/status$/,
      times: 3,
      fault: { kind: 'status', status: 500, body: { error: { errorCode: '500', message: 'boom' } } },
    });
    expect(await within('the stream to end', f.ended, 15_000)).toEqual({ how: 'complete' });
    const error = f.payloads.find((p) => p.errors);
    expect(error?.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstream: { status: 500 } });
    expect(f.statuses().at(-1)).toBe('ANALYZE_COMPLETED');
    expect(statusReads(stack).filter((r) => r.status === 500)).toHaveLength(3);
    const viewer = await stack.gql('{ viewer { tenantId } }');
    expect(viewer.body.data?.viewer).toEqual({ tenantId: 'acme' });
  });

  it('stops polling when the last subscriber leaves', async () => {
    const a = open(AUTH, idle);
    const b = open(AUTH, idle);
    await waitFor('both see BEFORE_ANALYZE', () => a.payloads.length > 0 && b.payloads.length > 0);
    await a.dispose();
    const before = statusReads(stack).length;
    await waitFor('polling to go on for the remaining subscriber', () => statusReads(stack).length >= before + 2);
    await b.dispose();
    await sleep(3 * INTERVAL_MS); // a read in flight may still land
    const settled = statusReads(stack).length;
    await sleep(5 * INTERVAL_MS);
    expect(statusReads(stack).length).toBe(settled);
  });

  it('reports an unknown asset as NOT_FOUND once and ends the stream (asking again cannot help)', async () => {
    const f = open(AUTH, { ...keynote, assetId: '999999' });
    expect(await within('the stream to end', f.ended)).toEqual({ how: 'complete' });
    expect(f.statuses()).toEqual(['error:NOT_FOUND']);
    expect(statusReads(stack)).toHaveLength(1);
  });

  it('answers a subscription with invalid ids with BAD_USER_INPUT and no upstream call', async () => {
    const f = open(AUTH, { ...keynote, assetId: '../admin' });
    await within('the stream to end', f.ended);
    expect(f.payloads[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.requests).toEqual([]);
  });

  it('points a subscription sent over HTTP to the WebSocket endpoint, with no upstream call', async () => {
    const res = await stack.gql(
      `subscription { analysisProgress(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}") { status } }`,
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/WebSocket/);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('runs only subscriptions over the socket', async () => {
    const f = follow(stack.gateway.url, AUTH, {}, '{ viewer { tenantId } }');
    followers.push(f);
    const end = await within('the refusal', f.ended);
    expect(end.how).toBe('error');
    expect((end.detail as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('analysisProgress when the gateway stops', () => {
  const stack = useStack({ env: { MI_POLL_INTERVAL_MS: String(INTERVAL_MS) } });

  it('completes open streams and closes their sockets with 1001', async () => {
    const f = follow(stack.gateway.url, AUTH, idle);
    await waitFor('the first state', () => f.payloads.length > 0);
    await within('stop()', stack.gateway.stop());
    expect(await within('the stream to end', f.ended)).toEqual({ how: 'complete' });
    await waitFor('the socket to close', () => f.closes.length > 0);
    expect(f.closes).toEqual([1001]);
    const settled = statusReads(stack).length;
    await sleep(3 * INTERVAL_MS);
    expect(statusReads(stack).length).toBe(settled);
    await f.dispose();
  });
});

describe('analysisProgress with MI_ANALYZE_ENDPOINT=analyze', () => {
  const stack = useStack({ emulator: { analysisStepMs: STEP_MS }, env: { MI_ANALYZE_ENDPOINT: 'analyze', MI_POLL_INTERVAL_MS: String(INTERVAL_MS) } });

  it('follows the analysis through the deprecated analyze-status', async () => {
    await analyse(stack, keynote);
    const f = follow(stack.gateway.url, AUTH, keynote);
    expect(await within('the stream to end', f.ended)).toEqual({ how: 'complete' });
    expect(f.statuses()).toEqual(['WAIT_ANALYZE', 'ANALYZING', 'ANALYZE_COMPLETED']);
    expect(callsTo(stack.emulator, 'GET', '/analyze-status').length).toBeGreaterThan(0);
    expect(statusReads(stack)).toEqual([]);
    await f.dispose();
  });
});
