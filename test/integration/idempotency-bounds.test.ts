import { describe, expect, it } from 'vitest';
import {
  DEMO_ASSET_ID,
  DEMO_FAILING_ASSET_ID,
  DEMO_PROJECT_ID,
  DEMO_TRAILER_ASSET_ID,
  DEMO_TRAILERS_PROJECT_ID,
  DEMO_WORKSPACE,
} from '../../src/dev/emulator/seed.js';
import { MAX_VARIABLES_VALUES } from '../../src/edge/idempotency/request-identity.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL } from '../helpers/http.js';
import { TENANT_KEY, callsTo, useStack, type Stack } from '../helpers/stack.js';

const headers = (key: string) => ({ authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': key });
const postsFor = (stack: Stack, assetId: number) =>
  callsTo(stack.emulator, 'POST', `/assets/${assetId}/analyze`).length + callsTo(stack.emulator, 'POST', `/assets/${assetId}/index`).length;
const input = (assetId: number, projectId = DEMO_PROJECT_ID) => ({
  workspaceName: DEMO_WORKSPACE,
  projectId: String(projectId),
  assetId: String(assetId),
  analysisPersonCount: 1,
});

describe('Idempotency-Key: a partly failed mutation is kept (never partly re-run)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });
  const TWO = 'mutation Two($a: AnalyzeInput!, $b: AnalyzeInput!) { first: analyzeAsset(input: $a) { id } second: analyzeAsset(input: $b) { id } }';

  it.each([503, 504])('keeps the answer when the second of two analyzeAsset fields fails with %i: the retry POSTs nothing', async (status) => {
    const [a, b] = status === 503 ? [DEMO_ASSET_ID, DEMO_FAILING_ASSET_ID] : [DEMO_TRAILER_ASSET_ID, DEMO_FAILING_ASSET_ID];
    const body = { query: TWO, variables: { a: input(a, a === DEMO_TRAILER_ASSET_ID ? DEMO_TRAILERS_PROJECT_ID : DEMO_PROJECT_ID), b: input(b) } };
    stack.emulator.injectFault({ method: 'POST', path: new RegExp(`/assets/${b}/(analyze|index)$`), times: 1, fault: { kind: 'status', status, body: {} } });
    const first = await postGraphQL(stack.gateway.url, body, headers(`partial-${status}`));
    expect(first.json.data?.first.id).toMatch(/^\d+$/);
    expect(first.json.data?.second).toBeNull();
    expect(first.json.errors?.[0]).toMatchObject({ path: ['second'], extensions: { retryable: true } });
    const retry = await postGraphQL(stack.gateway.url, body, headers(`partial-${status}`));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(postsFor(stack, a)).toBe(1);
    expect(postsFor(stack, b)).toBe(1);
  });
});

describe('Idempotency-Key: an answer above IDEMPOTENCY_MAX_ANSWER_BYTES', () => {
  const stack = useStack({ env: { IDEMPOTENCY_MAX_ANSWER_BYTES: '256' } }, { clearRequests: true });
  const aliases = Array.from({ length: 12 }, (_, i) => `at${i}: createdAt`).join(' ');
  const BIG = `mutation Big($input: AnalyzeInput!) { analyzeAsset(input: $input) { id createdBy ${aliases} } }`;

  it('is answered in full once, is not kept, and its key never runs again (422 IDEMPOTENCY_KEY_REUSED, not retryable)', async () => {
    const body = { query: BIG, variables: { input: input(DEMO_ASSET_ID) } };
    const first = await postGraphQL(stack.gateway.url, body, headers('big-1'));
    expect(first.text.length).toBeGreaterThan(256);
    expect(first.json.data?.analyzeAsset.id).toMatch(/^\d+$/);
    const retry = await postGraphQL(stack.gateway.url, body, headers('big-1'));
    expect(retry.status).toBe(422);
    expect(retry.json.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
    expect(retry.json.errors?.[0]?.message).toMatch(/too large to keep/);
    expect(postsFor(stack, DEMO_ASSET_ID)).toBe(1);
    // A small answer is still kept and replayed.
    const small = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), headers('small-1'));
    const replay = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), headers('small-1'));
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(small.text);
  });
});

describe('Idempotency-Key: variables too large to fingerprint cheaply', () => {
  const stack = useStack({}, { clearRequests: true });

  it(`refuses more than ${MAX_VARIABLES_VALUES} variable values with 400 BAD_USER_INPUT, quickly, with nothing sent upstream`, async () => {
    const extra = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));
    const body = { ...analyzeBody(DEMO_ASSET_ID), variables: { ...analyzeBody(DEMO_ASSET_ID).variables, extra } };
    const started = performance.now();
    const answer = await postGraphQL(stack.gateway.url, body, headers('wide-1'));
    expect(answer.status).toBe(400);
    expect(answer.json.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
    expect(answer.json.errors?.[0]?.message).toMatch(/at most 1000 values/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(postsFor(stack, DEMO_ASSET_ID)).toBe(0);
  });
});
