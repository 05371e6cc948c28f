import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { TENANT_KEY, startStack, type Stack } from '../helpers/stack.js';

const STATUS = `{ analysisStatus(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ANALYSED_ASSET_ID}") { status } }`;

describe('authentication comes first', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_BODY_BYTES: '2048' } });
    url = stack.gateway.url;
  });
  afterAll(() => stack.close());

  it('answers a GET query without a key 401 UNAUTHENTICATED (not a CSRF 400), with no upstream call', async () => {
    stack.emulator.clearRequests();
    const res = await fetch(`${url}/graphql?query=${encodeURIComponent(STATUS)}`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it('serves a GET query that carries its key, with no extra preflight header', async () => {
    const res = await fetch(`${url}/graphql?query=${encodeURIComponent(STATUS)}`, {
      headers: { authorization: `Bearer ${TENANT_KEY}` },
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown }).data).toEqual({ analysisStatus: { status: 'ANALYZE_COMPLETED' } });
  });

  it('serves a GET query whose key comes in x-api-key', async () => {
    const res = await fetch(`${url}/graphql?query=${encodeURIComponent(STATUS)}`, { headers: { 'x-api-key': TENANT_KEY }, signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
  });

  it('refuses a keyless POST before reading its body: 401, not 413', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: STATUS, pad: 'x'.repeat(10_000) }),
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(401);
    // The connection stays usable for the next request.
    const next = await stack.gql(STATUS);
    expect(next.status).toBe(200);
  });

  it('logs a masked internal error with the request id of its request', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: { code: '0', message: 'success', result: { id: 5, createdTime: '2026-01-01T00:00:00', createdUserName: { not: 'a string' } } },
      },
    });
    const requestId = 'req-masked-error-1';
    const res = await stack.gql(
      `mutation { analyzeAsset(input: { workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}", analysisPersonCount: 1 }) { id createdBy } }`,
      undefined,
      { 'x-request-id': requestId },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const line = stack.logs.find((l) => l.includes('unexpected error (masked for the client)'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!).requestId).toBe(requestId);
  });
});
