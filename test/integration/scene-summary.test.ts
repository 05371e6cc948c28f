import { describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_INDEX_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { postGraphQL } from '../helpers/http.js';
import { follow, gaps, within } from '../helpers/live.js';
import { callsTo, TENANT_KEY, useStack } from '../helpers/stack.js';

const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const ref = (assetId: number | string) => ({ workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(assetId) });
const READ = /* GraphQL */ `
  query Read($ws: String!, $p: ID!, $a: ID!) {
    asset(workspaceName: $ws, projectId: $p, assetId: $a) {
      sceneSummaryStatus { status rawStatus message terminal }
      sceneSummary { indexId lastAnalyzedAt analyzedSceneIds sceneSummaries raw }
    }
  }
`;
const read = (assetId: number) => ({ ws: DEMO_WORKSPACE, p: String(DEMO_PROJECT_ID), a: String(assetId) });
const REQUEST = /* GraphQL */ `mutation Request($input: RequestSceneSummaryInput!) { requestSceneSummary(input: $input) { accepted asset { assetId } } }`;
const CANCEL = /* GraphQL */ `mutation Cancel($input: AssetRefInput!) { cancelSceneSummary(input: $input) { accepted asset { assetId } } }`;
const DELETE = /* GraphQL */ `mutation ($input: AssetRefInput!) { deleteLatestIndex(input: $input) { accepted } }`;
const PROGRESS = /* GraphQL */ `
  subscription P($workspaceName: String!, $projectId: ID!, $assetId: ID!) {
    sceneSummaryProgress(workspaceName: $workspaceName, projectId: $projectId, assetId: $assetId) { status rawStatus terminal }
  }
`;
const fault = (method: string, path: RegExp, status: number, body?: unknown) => ({
  method,
  path,
  times: 1,
  fault: { kind: 'status' as const, status, ...(body ? { body } : {}) },
});

describe('scene summaries (default: per asset)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });

  it('reads the seeded summary: status, then the summary; an asset never summarised has no summary and no summary GET', async () => {
    const res = await stack.gql(READ, read(DEMO_ANALYSED_ASSET_ID));
    expect(res.body.errors).toBeUndefined();
    const asset = res.body.data!.asset;
    expect(asset.sceneSummaryStatus).toEqual({ status: 'SUMMARIZE_COMPLETED', rawStatus: 'SUMMARIZE_COMPLETED', message: null, terminal: true });
    expect(asset.sceneSummary).toMatchObject({ indexId: String(DEMO_INDEX_ID), analyzedSceneIds: null });
    expect(asset.sceneSummary.sceneSummaries).toHaveLength(3);
    expect(asset.sceneSummary.lastAnalyzedAt).toMatch(/^2026-03-02T/);
    expect(callsTo(stack.emulator, 'GET', '/scene-summary/status')).toHaveLength(1);

    stack.emulator.clearRequests();
    const none = await stack.gql(READ, read(DEMO_ASSET_ID));
    expect(none.body.data!.asset).toEqual({
      sceneSummaryStatus: { status: 'BEFORE_SUMMARIZE', rawStatus: 'BEFORE_SUMMARIZE', message: null, terminal: false },
      sceneSummary: null,
    });
    expect(callsTo(stack.emulator, 'GET', '/scene-summary')).toEqual([]);
  });

  it('request (body {} or {locale}), a second request is SCENE_SUMMARY_IN_PROGRESS, cancel, a second cancel is INVALID_STATE', async () => {
    const first = await stack.gql(REQUEST, { input: { ...ref(DEMO_ANALYSED_ASSET_ID), locale: 'ko' } });
    expect(first.body.data!.requestSceneSummary).toEqual({ accepted: true, asset: { assetId: String(DEMO_ANALYSED_ASSET_ID) } });
    expect(callsTo(stack.emulator, 'POST', '/scene-summary').map((r) => r.body)).toEqual([{ locale: 'ko' }]);

    const second = await stack.gql(REQUEST, { input: ref(DEMO_ANALYSED_ASSET_ID) });
    expect(second.body.errors![0]!.extensions).toEqual({ code: 'SCENE_SUMMARY_IN_PROGRESS', retryable: true, upstream: { status: 409, code: '409' } });
    const status = await stack.gql(READ, read(DEMO_ANALYSED_ASSET_ID));
    expect(status.body.data!.asset).toEqual({
      sceneSummaryStatus: { status: 'WAIT_SUMMARIZE', rawStatus: 'WAIT_SUMMARIZE', message: null, terminal: false },
      sceneSummary: null,
    });

    expect((await stack.gql(CANCEL, { input: ref(DEMO_ANALYSED_ASSET_ID) })).body.data!.cancelSceneSummary.accepted).toBe(true);
    const again = await stack.gql(CANCEL, { input: ref(DEMO_ANALYSED_ASSET_ID) });
    expect(again.body.errors![0]!.extensions).toMatchObject({ code: 'INVALID_STATE', retryable: false, upstream: { status: 409 } });
    expect(callsTo(stack.emulator, 'POST', '/scene-summary/cancel')).toHaveLength(2);
    expect(callsTo(stack.emulator, 'POST', '/scene-summary')).toHaveLength(2);
  });

  it('sceneIds on a first run: the vendor 400 is BAD_USER_INPUT; sceneIds after a completed run go as integers', async () => {
    const noIndex = await stack.gql(REQUEST, { input: { ...ref(DEMO_ASSET_ID), sceneIds: ['3'] } });
    expect(noIndex.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { status: 400 } });
    expect(callsTo(stack.emulator, 'POST', '/scene-summary').map((r) => r.body)).toEqual([{ sceneIds: [3] }]);
  });

  it('requestSceneSummary goes upstream once when retried with an Idempotency-Key', async () => {
    const body = { query: REQUEST, operationName: 'Request', variables: { input: ref(DEMO_ASSET_ID) } };
    stack.emulator.injectFault(fault('POST', /\/scene-summary$/, 200, { code: '0', message: 'success' }));
    const first = await postGraphQL(stack.gateway.url, body, { ...AUTH, 'idempotency-key': 'summary-once' });
    const again = await postGraphQL(stack.gateway.url, body, { ...AUTH, 'idempotency-key': 'summary-once' });
    expect(again.text).toBe(first.text);
    const cancel = { query: CANCEL, operationName: 'Cancel', variables: { input: ref(DEMO_ASSET_ID) } };
    stack.emulator.injectFault(fault('POST', /\/cancel$/, 200, { code: '0', message: 'success' }));
    const c1 = await postGraphQL(stack.gateway.url, cancel, { ...AUTH, 'idempotency-key': 'cancel-once' });
    const c2 = await postGraphQL(stack.gateway.url, cancel, { ...AUTH, 'idempotency-key': 'cancel-once' });
    expect(c2.text).toBe(c1.text);
    expect(callsTo(stack.emulator, 'POST', '/scene-summary')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'POST', '/scene-summary/cancel')).toHaveLength(1);
  });

  it.each([
    [{ sceneIds: [] }, 'sceneIds'],
    [{ sceneIds: ['0'] }, 'sceneIds'],
    [{ sceneIds: ['1', '1'] }, 'sceneIds'],
    [{ sceneIds: Array.from({ length: 10_001 }, (_, i) => String(i + 1)) }, 'sceneIds'],
    [{ sceneIds: ['1'], locale: 'ko' }, 'locale'],
    [{ locale: 'k' }, 'locale'],
    [{ locale: 'ko;DROP' }, 'locale'],
    [{ assetId: '../1' }, 'assetId'],
  ])('requestSceneSummary refuses %j before any upstream call', async (extra, field) => {
    const res = await stack.gql(REQUEST, { input: { ...ref(DEMO_ASSET_ID), ...extra } });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('faults: QUOTA_EXCEEDED on the POST; a failed status read nulls the field with an error; a 404 summary is null without one', async () => {
    stack.emulator.injectFault(fault('POST', /\/scene-summary$/, 429, { error: { errorCode: '400', message: 'Quota Exceeded' } }));
    expect((await stack.gql(REQUEST, { input: ref(DEMO_ASSET_ID) })).body.errors![0]!.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: false });
    stack.emulator.injectFault({ method: 'GET', path: /\/scene-summary\/status$/, fault: { kind: 'status', status: 403 } });
    const failed = await stack.gql(READ, read(DEMO_ANALYSED_ASSET_ID));
    expect(failed.body.data!.asset).toEqual({ sceneSummaryStatus: null, sceneSummary: null });
    expect(failed.body.errors!.map((e) => e.extensions!.code)).toEqual(['UPSTREAM_AUTH_FAILED', 'UPSTREAM_AUTH_FAILED']);
    stack.emulator.clearFaults();
    stack.emulator.injectFault(fault('GET', /\/scene-summary$/, 404));
    const gone = await stack.gql(READ, read(DEMO_ANALYSED_ASSET_ID));
    expect(gone.body.errors).toBeUndefined();
    expect(gone.body.data!.asset.sceneSummary).toBeNull();
  });

  it('deleting the latest index removes its scene summary', async () => {
    // The summary of 5001 was cancelled above; the index goes, and the summary with it.
    expect((await stack.gql(DELETE, { input: ref(DEMO_ANALYSED_ASSET_ID) })).body.errors).toBeUndefined();
    const after = await stack.gql(READ, read(DEMO_ANALYSED_ASSET_ID));
    expect(after.body.data!.asset.sceneSummaryStatus.status).toBe('BEFORE_SUMMARIZE');
  });
});

describe('sceneSummaryProgress (shared poller, backoff while WAIT_SUMMARIZE)', () => {
  const stack = useStack({ env: { MI_POLL_INTERVAL_MS: '100' }, emulator: { analysisStepMs: 900 } }, { clearRequests: true });

  it('streams WAIT_SUMMARIZE, SUMMARIZING, SUMMARIZE_COMPLETED and completes; reads double their interval while queued', async () => {
    expect((await stack.gql(REQUEST, { input: ref(DEMO_ANALYSED_ASSET_ID) })).body.errors).toBeUndefined();
    const f = follow(stack.gateway.url, AUTH, ref(DEMO_ANALYSED_ASSET_ID), PROGRESS);
    try {
      expect(await within('summary progress', f.ended)).toEqual({ how: 'complete' });
      expect(f.payloads.map((p) => p.data?.sceneSummaryProgress?.status)).toEqual(['WAIT_SUMMARIZE', 'SUMMARIZING', 'SUMMARIZE_COMPLETED']);
      const reads = callsTo(stack.emulator, 'GET', '/scene-summary/status').map((r) => r.at);
      // While queued: 200 ms, then 400 ms (interval 100 doubled per queued read); then back to 100 ms.
      const [g1, g2] = gaps(reads);
      expect(g1).toBeGreaterThanOrEqual(190);
      expect(g2).toBeGreaterThanOrEqual(390);
      expect(Math.min(...gaps(reads).slice(2))).toBeLessThan(190);
    } finally {
      await f.dispose();
    }
  });

  it('bad ids are BAD_USER_INPUT with no upstream call', async () => {
    const f = follow(stack.gateway.url, AUTH, ref('..'), PROGRESS);
    try {
      await within('the refusal', f.ended);
      expect(f.payloads[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'assetId' });
      expect(stack.emulator.requests).toEqual([]);
    } finally {
      await f.dispose();
    }
  });
});

describe('scene summaries with MI_ANALYZE_ENDPOINT=analyze (per-index paths)', () => {
  const stack = useStack({ env: { MI_ANALYZE_ENDPOINT: 'analyze' } }, { clearRequests: true, clearFaults: true });

  it('derives the status from the per-index GET and reads the summary there', async () => {
    const res = await stack.gql(READ, read(DEMO_ANALYSED_ASSET_ID));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.asset.sceneSummaryStatus).toEqual({ status: 'SUMMARIZE_COMPLETED', rawStatus: null, message: null, terminal: true });
    expect(res.body.data!.asset.sceneSummary.indexId).toBe(String(DEMO_INDEX_ID));
    expect(stack.emulator.requests.map((r) => `${r.method} ${r.target.split('/assets/')[1]}`).sort()).toEqual([
      `GET ${DEMO_ANALYSED_ASSET_ID}/indexes`,
      `GET ${DEMO_ANALYSED_ASSET_ID}/indexes/${DEMO_INDEX_ID}/scene-summaries`,
    ]);
    const none = await stack.gql(READ, read(DEMO_ASSET_ID));
    expect(none.body.data!.asset).toEqual({
      sceneSummaryStatus: { status: 'BEFORE_SUMMARIZE', rawStatus: null, message: null, terminal: false },
      sceneSummary: null,
    });
  });

  it('another 4xx there is UNKNOWN with the vendor message', async () => {
    stack.emulator.injectFault(fault('GET', /\/scene-summaries$/, 400, { code: '10001', message: 'The scene summary is not completed.' }));
    const res = await stack.gql(READ, read(DEMO_ANALYSED_ASSET_ID));
    expect(res.body.data!.asset.sceneSummaryStatus).toMatchObject({ status: 'UNKNOWN', terminal: false });
    expect(res.body.data!.asset.sceneSummaryStatus.message).toContain('The scene summary is not completed.');
  });

  it('requests on the latest index; with no index NOT_FOUND and no POST', async () => {
    const res = await stack.gql(REQUEST, { input: ref(DEMO_ANALYSED_ASSET_ID) });
    expect(res.body.errors).toBeUndefined();
    expect(callsTo(stack.emulator, 'POST', `/indexes/${DEMO_INDEX_ID}/scene-summaries`).map((r) => r.body)).toEqual([{}]);
    const none = await stack.gql(REQUEST, { input: ref(DEMO_ASSET_ID) });
    expect(none.body.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(callsTo(stack.emulator, 'POST', '/scene-summaries')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'POST', '/scene-summary')).toEqual([]);
  });
});
