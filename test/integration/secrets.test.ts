import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { ACME, GLOBEX, OTHER_TENANT_KEY, TENANT_KEY, gql, startStack, type GqlResponse, type Stack } from '../helpers/stack.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) { analyzeAsset(input: $input) { id createdAt createdBy } }
`;
const STATUS = /* GraphQL */ `
  query Status($w: String!, $p: ID!, $a: ID!) { analysisStatus(workspaceName: $w, projectId: $p, assetId: $a) { status } }
`;
const ANALYZE_PATH = /\/index$/;
const UNKNOWN_KEY = 'presented-but-unknown-client-key-77';
const input = (extra: Record<string, unknown> = {}) => ({
  input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID), analysisPersonCount: 1, ...extra },
});
const statusVars = { w: DEMO_WORKSPACE, p: String(DEMO_PROJECT_ID), a: String(DEMO_ASSET_ID) };

/**
 * Self-contained: drives successes and every kind of failure through one stack, then scans all of its
 * log lines and every response for the tenants' NCP secrets, the client keys and the signatures that
 * actually went over the wire (read from a TCP relay in front of the emulator).
 */
describe('no secret, client key or signature in any log line or response', () => {
  let stack: Stack;
  let proxy: TcpProxy;
  const responses: GqlResponse[] = [];
  const masked: GqlResponse[] = [];

  beforeAll(async () => {
    proxy = await startTcpProxy();
    stack = await startStack({ acme: { baseUrl: proxy.url }, globex: { baseUrl: proxy.url }, env: { UPSTREAM_TIMEOUT_MS: '300', LOG_LEVEL: 'debug' } });
    proxy.target = stack.emulator.url;
    const { emulator } = stack;
    const globex = { authorization: `Bearer ${OTHER_TENANT_KEY}` };
    const run = async (res: Promise<GqlResponse>) => {
      const r = await res;
      responses.push(r);
      return r;
    };

    await run(stack.gql(ANALYZE, input()));
    await run(gql(stack.gateway.url, STATUS, statusVars, globex));
    await run(gql(stack.gateway.url, STATUS, statusVars, { 'x-api-key': TENANT_KEY }));
    await run(gql(stack.gateway.url, STATUS, statusVars, { authorization: `Bearer ${UNKNOWN_KEY}` }));
    await run(gql(stack.gateway.url, STATUS, statusVars, { authorization: `Basic ${TENANT_KEY}` }));
    await run(stack.gql(ANALYZE, input({ assetId: '../x', tagIds: ['-1'] })));
    await run(stack.gql('{ viewer { nope } }'));
    for (const fault of [
      { kind: 'status', status: 401 },
      { kind: 'status', status: 403 },
      { kind: 'status', status: 429, headers: { 'retry-after': '3' } },
      { kind: 'status', status: 500 },
      { kind: 'malformed' },
      { kind: 'reset' },
      { kind: 'hang' },
    ] as const) {
      emulator.injectFault({ method: 'POST', path: ANALYZE_PATH, times: 1, fault });
      await run(stack.gql(ANALYZE, input()));
    }
    // A vendor answer the schema cannot serialise (createdBy must be a String): a masked internal error.
    emulator.injectFault({
      method: 'POST',
      path: ANALYZE_PATH,
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: { code: '0', message: 'success', result: { id: 77, createdTime: '2025-01-01T00:00:00', createdUserName: { nested: ACME.accessKey } } },
      },
    });
    masked.push(await run(stack.gql(ANALYZE, input())));
  });

  afterAll(async () => {
    await stack.close();
    await proxy.close();
  });

  it('drove the intended mix of answers', () => {
    const codes = responses.map((r) => r.body.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual([
      'OK',
      'OK',
      'OK',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'BAD_USER_INPUT',
      'GRAPHQL_VALIDATION_FAILED',
      'UPSTREAM_AUTH_FAILED',
      'UPSTREAM_AUTH_FAILED',
      'RATE_LIMITED',
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_TIMEOUT',
      'INTERNAL_SERVER_ERROR',
    ]);
    expect(masked[0]!.body.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', retryable: false } });
    expect(stack.logs.some((line) => line.includes('unexpected error (masked for the client)'))).toBe(true);
  });

  it('finds nothing secret in logs, response bodies or response headers', () => {
    const signatures = [...proxy.sent.join('').matchAll(/x-ncp-apigw-signature-v2:\s*([A-Za-z0-9+/=]+)/gi)].map((m) => m[1]!);
    // One per upstream call that left the gateway (all but the unauthenticated and invalid requests).
    expect(signatures.length).toBeGreaterThanOrEqual(10);
    for (const signature of signatures) expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    const forbidden = [ACME.secretKey, GLOBEX.secretKey, TENANT_KEY, OTHER_TENANT_KEY, UNKNOWN_KEY, ...signatures];
    const haystacks = {
      logs: stack.logs.join('\n'),
      responses: responses.map((r) => JSON.stringify(r.body)).join('\n'),
      headers: responses.map((r) => JSON.stringify([...r.headers])).join('\n'),
    };
    expect(stack.logs.length).toBeGreaterThan(10);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of forbidden) {
        expect(text.includes(secret), `${where} contains ${secret.slice(0, 6)}…`).toBe(false);
      }
    }
  });
});
