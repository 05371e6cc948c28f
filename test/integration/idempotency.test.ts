import { describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_FAILING_ASSET_ID, DEMO_PROJECT_ID, DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID } from '../../src/dev/emulator/seed.js';
import { OTHER_TENANT_KEY, TENANT_KEY, callsTo, useStack } from '../helpers/stack.js';
import { ANALYZE, analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL, sha256Hex } from '../helpers/http.js';

const acme = (key: string) => ({ authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': key });

describe('Idempotency-Key (in memory)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });
  const post = (body: unknown, headers: Record<string, string>) => postGraphQL(stack.gateway.url, body, headers);

  it('replays the first answer byte for byte, with no second upstream call', async () => {
    const first = await post(analyzeBody(DEMO_ASSET_ID), acme('replay-1'));
    expect(first.status).toBe(200);
    expect(first.json.data?.analyzeAsset.id).toMatch(/^\d+$/);
    const again = await post(analyzeBody(DEMO_ASSET_ID), acme('replay-1'));
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
  });

  it('answers IDEMPOTENCY_KEY_REUSED for the same key with other variables, without an upstream call', async () => {
    const res = await post(analyzeBody(DEMO_ASSET_ID, DEMO_PROJECT_ID, { analysisPersonCount: 5 }), acme('replay-1'));
    expect(res.json.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
    const otherName = await post({ ...analyzeBody(DEMO_ASSET_ID), query: ANALYZE.replace('Analyze', 'Other'), operationName: 'Other' }, acme('replay-1'));
    expect(otherName.json.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(0);
  });

  it('keeps the refusal of a mutation that fails validation under its key: the key cannot then run another document', async () => {
    const invalid = await post({ ...analyzeBody(DEMO_ASSET_ID), query: ANALYZE.replace('createdBy', 'nope') }, acme('invalid-1'));
    expect(invalid.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const other = await post(analyzeBody(DEMO_ASSET_ID), acme('invalid-1'));
    expect(other.json.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(0);
  });

  it('treats variables with reordered keys as the same request', async () => {
    const { variables } = analyzeBody(DEMO_ASSET_ID);
    const reordered = Object.fromEntries(Object.entries(variables.input).reverse());
    const res = await post({ ...analyzeBody(DEMO_ASSET_ID), variables: { input: reordered } }, acme('replay-1'));
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(0);
  });

  it('lets five concurrent duplicates cause one upstream POST, all with the same answer', async () => {
    // The vendor is slow, so the duplicates arrive while the first is still running.
    stack.emulator.injectFault({ method: 'POST', path: /\/index$/, times: 1, fault: { kind: 'delay', delayMs: 400 } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(analyzeBody(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), acme('burst-1'))));
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
    expect(answers[0]!.json.data?.analyzeAsset.id).toMatch(/^\d+$/);
    for (const answer of answers) expect(answer.text).toBe(answers[0]!.text);
  });

  it('does not keep a retryable error: the retry runs anew', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      path: /\/index$/,
      times: 1,
      fault: { kind: 'status', status: 503, body: { error: { errorCode: '500', message: 'busy' } } },
    });
    const first = await post(analyzeBody(DEMO_FAILING_ASSET_ID), acme('retry-1'));
    expect(first.json.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    const retry = await post(analyzeBody(DEMO_FAILING_ASSET_ID), acme('retry-1'));
    expect(retry.json.data?.analyzeAsset.id).toMatch(/^\d+$/);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(2);
  });

  it('keeps a non-retryable error', async () => {
    const first = await post(analyzeBody(999_999), acme('missing-1'));
    expect(first.json.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    const again = await post(analyzeBody(999_999), acme('missing-1'));
    expect(again.text).toBe(first.text);
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
  });

  it('scopes keys per tenant: another tenant with the same key runs its own request', async () => {
    const res = await post(analyzeBody(DEMO_ASSET_ID), { authorization: `Bearer ${OTHER_TENANT_KEY}`, 'idempotency-key': 'replay-1' });
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    const calls = callsTo(stack.emulator, 'POST', '/index');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.accessKey).toBe('GLOBEXACCESSKEY01');
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters with BAD_USER_INPUT (400)', async () => {
    for (const key of ['has space', 'x'.repeat(256), 'caf\u00e9']) {
      const res = await post(analyzeBody(DEMO_ASSET_ID), { authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': key });
      expect(res.status).toBe(400);
      expect(res.json.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
    }
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(0);
  });

  it('refuses variables nested too deeply to fingerprint with BAD_USER_INPUT (400), not an internal error', async () => {
    // A JSON body may nest far deeper than a recursive fingerprint can follow (the stack overflowed: 500).
    const depth = 50_000;
    const { query, variables } = analyzeBody(DEMO_ASSET_ID);
    const body = `{"query":${JSON.stringify(query)},"variables":{"input":${JSON.stringify(variables.input)},"pad":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const res = await post(body, acme('deep-1'));
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', retryable: false });
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(0);
  });

  it('ignores the header on queries', async () => {
    const res = await post({ query: '{ viewer { tenantId } }' }, acme('has space'));
    expect(res.status).toBe(200);
    expect(res.json.data?.viewer.tenantId).toBe('acme');
  });

  it('uses the APQ hash as document identity: a hash-only retry replays the first answer', async () => {
    const body = analyzeBody(999_998);
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(ANALYZE) } };
    const first = await post({ ...body, extensions }, acme('apq-1'));
    expect(first.json.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const { query: _query, ...hashOnly } = { ...body, extensions };
    const again = await post(hashOnly, acme('apq-1'));
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
  });
});
