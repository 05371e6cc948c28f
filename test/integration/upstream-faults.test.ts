import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/dev/emulator/index.js';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { ACME, GLOBEX, OTHER_TENANT_KEY, TENANT_KEY, callsTo, startStack, useStack, type GqlResponse, type Stack } from '../helpers/stack.js';

const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) { analyzeAsset(input: $input) { id createdAt createdBy } }
`;
const vars = { input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID), analysisPersonCount: 2 } };
const ANALYZE_PATH = `/api/v1/workspaces/${DEMO_WORKSPACE}/projects/${DEMO_PROJECT_ID}/assets/${DEMO_ASSET_ID}/index`;
const SECRETS = [ACME.secretKey, GLOBEX.secretKey, TENANT_KEY, OTHER_TENANT_KEY];

interface Case {
  name: string;
  fault: Fault;
  code: string;
  retryable: boolean;
  /** undefined: no upstream answer existed, so no extensions.upstream. */
  upstream?: { status: number; code: string | null };
  retryAfterSeconds?: number;
}

const cases: Case[] = [
  { name: '400 MI envelope', fault: { kind: 'status', status: 400 }, code: 'BAD_USER_INPUT', retryable: false, upstream: { status: 400, code: '10001' } },
  {
    name: '400 responseError envelope with returnCode',
    fault: { kind: 'status', status: 400, body: { responseError: { returnCode: '10014', returnMessage: 'Select the asset you want to analyze.' } } },
    code: 'BAD_USER_INPUT',
    retryable: false,
    upstream: { status: 400, code: '10014' },
  },
  {
    name: '401 API Gateway envelope',
    fault: {
      kind: 'status',
      status: 401,
      body: { error: { errorCode: '200', message: 'Authentication Failed', details: 'Invalid authentication information.' } },
    },
    code: 'UPSTREAM_AUTH_FAILED',
    retryable: false,
    upstream: { status: 401, code: '200' },
  },
  { name: '403', fault: { kind: 'status', status: 403 }, code: 'UPSTREAM_AUTH_FAILED', retryable: false, upstream: { status: 403, code: '210' } },
  { name: '404', fault: { kind: 'status', status: 404 }, code: 'NOT_FOUND', retryable: false, upstream: { status: 404, code: '10002' } },
  { name: '409', fault: { kind: 'status', status: 409 }, code: 'ANALYSIS_IN_PROGRESS', retryable: true, upstream: { status: 409, code: '10030' } },
  {
    name: '429 with Retry-After: 7',
    fault: { kind: 'status', status: 429, headers: { 'retry-after': '7' } },
    code: 'RATE_LIMITED',
    retryable: true,
    upstream: { status: 429, code: '410' },
    retryAfterSeconds: 7,
  },
  {
    name: '429 without Retry-After',
    fault: { kind: 'status', status: 429 },
    code: 'RATE_LIMITED',
    retryable: true,
    upstream: { status: 429, code: '410' },
    retryAfterSeconds: 1,
  },
  { name: '500', fault: { kind: 'status', status: 500 }, code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstream: { status: 500, code: '900' } },
  { name: '503', fault: { kind: 'status', status: 503 }, code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstream: { status: 503, code: '500' } },
  {
    name: '502 with an HTML body',
    fault: { kind: 'status', status: 502, rawBody: '<html>Bad Gateway</html>' },
    code: 'UPSTREAM_UNAVAILABLE',
    retryable: true,
    upstream: { status: 502, code: null },
  },
  { name: 'a malformed 200 body', fault: { kind: 'malformed' }, code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstream: { status: 200, code: null } },
  {
    name: 'an empty 200 body',
    fault: { kind: 'status', status: 200, rawBody: '' },
    code: 'UPSTREAM_UNAVAILABLE',
    retryable: true,
    upstream: { status: 200, code: null },
  },
  {
    name: 'a 2xx with a non-"0" MI code',
    fault: { kind: 'status', status: 200, body: { code: '10014', message: 'Select the asset you want to analyze.' } },
    code: 'BAD_USER_INPUT',
    retryable: false,
    upstream: { status: 200, code: '10014' },
  },
  { name: 'a hang (UPSTREAM_TIMEOUT_MS=300)', fault: { kind: 'hang' }, code: 'UPSTREAM_TIMEOUT', retryable: true },
  { name: 'a connection reset', fault: { kind: 'reset' }, code: 'UPSTREAM_UNAVAILABLE', retryable: true },
];

function expectNoSecrets(res: GqlResponse) {
  const text = JSON.stringify(res.body);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('upstream faults on analyzeAsset', () => {
  // The cases fail the vendor on purpose one after another; a default breaker (5 in a row) would open
  // midway and answer the rest itself. The breaker has its own tests (resilience-breaker.test.ts).
  const stack = useStack({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_BREAKER_FAILURES: '1000' } }, { clearRequests: true, clearFaults: true });

  for (const c of cases) {
    it(`maps ${c.name} to ${c.code} after exactly one POST`, async () => {
      stack.emulator.injectFault({ method: 'POST', path: ANALYZE_PATH, fault: c.fault });
      const res = await stack.gql(ANALYZE, vars);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ analyzeAsset: null });
      expect(res.body.errors).toHaveLength(1);
      const extensions = res.body.errors![0]!.extensions!;
      expect(extensions.code).toBe(c.code);
      expect(extensions.retryable).toBe(c.retryable);
      expect(extensions.upstream).toEqual(c.upstream);
      expect(extensions.retryAfterSeconds).toBe(c.retryAfterSeconds);
      expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
      expect(stack.emulator.requests).toHaveLength(1);
      expectNoSecrets(res);
    });
  }

  it('reads Retry-After given as an HTTP date', async () => {
    const inTenSeconds = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10_000).toUTCString();
    stack.emulator.injectFault({ method: 'POST', path: ANALYZE_PATH, fault: { kind: 'status', status: 429, headers: { 'retry-after': inTenSeconds } } });
    const res = await stack.gql(ANALYZE, vars);
    const seconds = res.body.errors![0]!.extensions!.retryAfterSeconds;
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(11);
  });

  it('keeps working after a fault: the next call succeeds with data', async () => {
    stack.emulator.injectFault({ method: 'POST', path: ANALYZE_PATH, times: 1, fault: { kind: 'reset' } });
    const failed = await stack.gql(ANALYZE, vars);
    expect(failed.body.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    const res = await stack.gql(/* GraphQL */ `query { viewer { tenantId } }`);
    expect(res.body.data).toEqual({ viewer: { tenantId: 'acme' } });
  });
});

describe('upstream refusing connections', () => {
  let stack: Stack;
  beforeAll(async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    stack = await startStack({ acme: { baseUrl: `http://127.0.0.1:${closedPort}` } });
  });
  afterAll(() => stack.close());

  it('maps ECONNREFUSED to UPSTREAM_UNAVAILABLE after exactly one attempt', async () => {
    const res = await stack.gql(ANALYZE, vars);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    const attempts = stack.logs.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'upstream call');
    expect(attempts).toHaveLength(1);
    expect(attempts[0].upstream).toMatchObject({ tenantId: 'acme', method: 'POST', status: null, errorCode: 'UPSTREAM_UNAVAILABLE' });
    expect(stack.emulator.requests).toEqual([]);
    expectNoSecrets(res);
  });
});

describe('a tenant whose NCP secret the vendor does not accept', () => {
  const wrongSecret = 'acme-wrong-secret-never-logged-9999';
  const stack = useStack({ acme: { secretKey: wrongSecret } });

  it("gets UPSTREAM_AUTH_FAILED from the emulator's real signature check", async () => {
    const res = await stack.gql(ANALYZE, vars);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_AUTH_FAILED', retryable: false, upstream: { status: 401, code: '200' } });
    const calls = callsTo(stack.emulator, 'POST', '/index');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ accessKey: ACME.accessKey, signatureValid: false, status: 401 });
    expect(JSON.stringify(res.body)).not.toContain(wrongSecret);
    expect(stack.logs.join('\n')).not.toContain(wrongSecret);
    expectNoSecrets(res);
  });
});
