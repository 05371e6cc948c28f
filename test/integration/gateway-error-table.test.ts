import { describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { postGraphQL } from '../helpers/http.js';
import { ANALYZE, analyzeBody } from '../helpers/analyze-body.js';
import { callsTo, TENANT_KEY, useStack } from '../helpers/stack.js';

/**
 * The NCP API Gateway's error table (reference §4.3, all 11 rows confirmed), from the vendor's answer to the
 * GraphQL error: code, retryable, extensions.upstream (the code as a string), retryAfterSeconds, and one POST.
 * `errorCode` arrives as an integer (the table's type) or a string (its example): each row is sent both ways.
 */
interface Row {
  status: number;
  errorCode: number;
  message: string;
  code: string;
  retryable: boolean;
}

const ROWS: Row[] = [
  { status: 400, errorCode: 100, message: 'Bad Request Exception', code: 'BAD_USER_INPUT', retryable: false },
  { status: 401, errorCode: 200, message: 'Authentication Failed', code: 'UPSTREAM_AUTH_FAILED', retryable: false },
  { status: 401, errorCode: 210, message: 'Permission Denied', code: 'UPSTREAM_AUTH_FAILED', retryable: false },
  { status: 404, errorCode: 300, message: 'Not Found Exception', code: 'NOT_FOUND', retryable: false },
  { status: 413, errorCode: 430, message: 'Request Entity Too Large', code: 'BAD_USER_INPUT', retryable: false },
  { status: 429, errorCode: 400, message: 'Quota Exceeded', code: 'QUOTA_EXCEEDED', retryable: false },
  { status: 429, errorCode: 410, message: 'Throttle Limited', code: 'RATE_LIMITED', retryable: true },
  { status: 429, errorCode: 420, message: 'Rate Limited', code: 'RATE_LIMITED', retryable: true },
  { status: 503, errorCode: 500, message: 'Endpoint Error', code: 'UPSTREAM_UNAVAILABLE', retryable: true },
  { status: 504, errorCode: 510, message: 'Endpoint Timeout', code: 'UPSTREAM_TIMEOUT', retryable: true },
  { status: 500, errorCode: 900, message: 'Unexpected Error', code: 'UPSTREAM_UNAVAILABLE', retryable: true },
];

const CASES = ROWS.flatMap((row) => [
  { ...row, as: 'number', sent: row.errorCode as number | string },
  { ...row, as: 'string', sent: String(row.errorCode) },
]);

const INDEX_PATH = /\/assets\/\d+\/index$/;
const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const asset = (assetId: number) => ({ workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(assetId) });

describe('the API Gateway error table on a mutation (default MI_ANALYZE_ENDPOINT)', () => {
  // Every row fails the vendor on purpose; the breaker (its own tests) must not answer in the vendor's place.
  const stack = useStack({ env: { UPSTREAM_BREAKER_FAILURES: '1000' } }, { clearRequests: true, clearFaults: true });

  it.each(CASES)('$status/$errorCode ($message, errorCode as a $as) -> $code, retryable $retryable, after one POST', async (c) => {
    stack.emulator.injectFault({
      method: 'POST',
      path: INDEX_PATH,
      fault: { kind: 'status', status: c.status, body: { error: { errorCode: c.sent, message: c.message, details: 'emulated' } } },
    });
    const res = await stack.gql(ANALYZE, analyzeBody(DEMO_ASSET_ID).variables);
    expect(res.body.data).toEqual({ analyzeAsset: null });
    expect(res.body.errors).toHaveLength(1);
    const extensions = res.body.errors![0]!.extensions!;
    expect(extensions).toMatchObject({ code: c.code, retryable: c.retryable, upstream: { status: c.status, code: String(c.errorCode) } });
    expect(extensions.retryAfterSeconds).toBe(c.code === 'RATE_LIMITED' ? 1 : undefined);
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
    expect(stack.emulator.requests).toHaveLength(1);
  });

  it.each([410, 420])('429/%d takes retryAfterSeconds from Retry-After', async (errorCode) => {
    stack.emulator.injectFault({
      method: 'POST',
      path: INDEX_PATH,
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '7' }, body: { error: { errorCode, message: 'x' } } },
    });
    const res = await stack.gql(ANALYZE, analyzeBody(DEMO_ASSET_ID).variables);
    expect(res.body.errors![0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 7,
      upstream: { status: 429, code: String(errorCode) },
    });
  });

  it('429/400 is QUOTA_EXCEEDED even with a Retry-After, and without retryAfterSeconds', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      path: INDEX_PATH,
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '7' }, body: { error: { errorCode: 400, message: 'Quota Exceeded' } } },
    });
    const res = await stack.gql(ANALYZE, analyzeBody(DEMO_ASSET_ID).variables);
    const extensions = res.body.errors![0]!.extensions!;
    expect(extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: false });
    expect(extensions.retryAfterSeconds).toBeUndefined();
  });

  it('keeps a non-retryable QUOTA_EXCEEDED under its Idempotency-Key: the retry is a replay, not a second POST', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      path: INDEX_PATH,
      times: 1,
      fault: { kind: 'status', status: 429, body: { error: { errorCode: '400', message: 'Quota Exceeded' } } },
    });
    const headers = { ...AUTH, 'idempotency-key': 'quota-row-1' };
    const first = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), headers);
    const again = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), headers);
    expect(first.json.errors?.[0]?.extensions?.code).toBe('QUOTA_EXCEEDED');
    expect(again.text).toBe(first.text);
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
  });

  it('drops an upstream code that does not look like a code (issue 19 item 6)', async () => {
    const echoed = 'c2lnbmF0dXJlK2Jhc2U2NC9lY2hvZWQ9PT0+'; // a signature-like value
    stack.emulator.injectFault({
      method: 'POST',
      path: INDEX_PATH,
      times: 1,
      fault: { kind: 'status', status: 400, body: { error: { errorCode: echoed, message: 'bad' } } },
    });
    const res = await stack.gql(ANALYZE, analyzeBody(DEMO_ASSET_ID).variables);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { status: 400, code: null } });
    expect(JSON.stringify(res.body)).not.toContain(echoed);
    stack.emulator.injectFault({
      method: 'POST',
      path: INDEX_PATH,
      times: 1,
      fault: { kind: 'status', status: 400, body: { code: 'x'.repeat(200_000), message: 'bad' } },
    });
    const huge = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), AUTH);
    expect(huge.json.errors![0]!.extensions!.upstream).toEqual({ status: 400, code: null });
    expect(huge.text.length).toBeLessThan(2_000);
  });
});

describe('409 is read per operation (the emulator answering from its own state)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });
  const CANCEL = /* GraphQL */ `mutation ($input: CancelAnalysisInput!) { cancelAnalysis(input: $input) { cancelled } }`;
  const DELETE = /* GraphQL */ `mutation ($input: AssetRefInput!) { deleteLatestIndex(input: $input) { accepted asset { assetId } } }`;
  const REQUEST = /* GraphQL */ `mutation ($input: RequestIndexInput!) { requestIndex(input: $input) { id } }`;

  it('cancelling when nothing is queued or running is INVALID_STATE (not retryable), after one POST', async () => {
    const res = await stack.gql(CANCEL, { input: asset(DEMO_ANALYSED_ASSET_ID) });
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'INVALID_STATE', retryable: false, upstream: { status: 409, code: '409' } });
    expect(res.body.errors![0]!.message).toContain('Cannot cancel analysis in the current state');
    expect(callsTo(stack.emulator, 'POST', '/index/cancel')).toHaveLength(1);
  });

  it('a 409 with a numeric code on cancel is INVALID_STATE too, with the code as a string', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      path: /\/index\/cancel$/,
      times: 1,
      fault: { kind: 'status', status: 409, body: { code: 409, message: 'Cannot cancel analysis in the current state' } },
    });
    const res = await stack.gql(CANCEL, { input: asset(DEMO_ANALYSED_ASSET_ID) });
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'INVALID_STATE', retryable: false, upstream: { status: 409, code: '409' } });
  });

  it('requesting or deleting while an analysis runs is ANALYSIS_IN_PROGRESS (retryable), one upstream call each', async () => {
    const started = await stack.gql(ANALYZE, analyzeBody(DEMO_ASSET_ID).variables);
    expect(started.body.errors).toBeUndefined();
    const analyzeAgain = await stack.gql(ANALYZE, analyzeBody(DEMO_ASSET_ID).variables);
    const requestAgain = await stack.gql(REQUEST, { input: { ...asset(DEMO_ASSET_ID), analysisPersonCount: 1 } });
    const deleted = await stack.gql(DELETE, { input: asset(DEMO_ASSET_ID) });
    for (const res of [analyzeAgain, requestAgain, deleted]) {
      expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'ANALYSIS_IN_PROGRESS', retryable: true, upstream: { status: 409 } });
    }
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(3);
    expect(callsTo(stack.emulator, 'DELETE', '/index').map((r) => r.status)).toEqual([409]);
    // The cancel of that running analysis is allowed: the same 409 reading does not leak into it.
    const cancelled = await stack.gql(CANCEL, { input: asset(DEMO_ASSET_ID) });
    expect(cancelled.body).toEqual({ data: { cancelAnalysis: { cancelled: true } } });
  });
});
