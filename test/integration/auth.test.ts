import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { ACME, GLOBEX, OTHER_TENANT_KEY, TENANT_KEY, callsTo, gql, startStack, useStack, type Stack } from '../helpers/stack.js';

const VIEWER = /* GraphQL */ `query { viewer { tenantId } }`;
const STATUS = /* GraphQL */ `
  query Status($w: String!, $p: ID!, $a: ID!) { analysisStatus(workspaceName: $w, projectId: $p, assetId: $a) { status } }
`;
const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }
`;
const analyzeInput = { input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID), analysisPersonCount: 1 } };
const statusVars = { w: DEMO_WORKSPACE, p: String(DEMO_PROJECT_ID), a: String(DEMO_ASSET_ID) };
const SHA_KEY = 'hashed-client-key-for-acme';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('client authentication', () => {
  // acme also accepts a key stored only as its digest (upper-case hex, to check the comparison ignores case).
  const stack = useStack({ acme: { apiKeys: [TENANT_KEY, `sha256:${sha256(SHA_KEY).toUpperCase()}`] } }, { clearRequests: true });

  const refused: Array<[string, Record<string, string>]> = [
    ['no key at all', {}],
    ['an unknown bearer key', { authorization: 'Bearer not-a-known-key' }],
    ['an unknown x-api-key', { 'x-api-key': 'not-a-known-key' }],
    ['a Basic scheme', { authorization: `Basic ${Buffer.from(`acme:${TENANT_KEY}`).toString('base64')}` }],
    ['a bare key without a scheme', { authorization: TENANT_KEY }],
    ['"Bearer" with no key', { authorization: 'Bearer' }],
    ['"Bearer" with two tokens', { authorization: `Bearer ${TENANT_KEY} extra` }],
    ['an empty x-api-key', { 'x-api-key': '  ' }],
    ['a malformed Authorization next to a valid x-api-key', { authorization: 'Token abc', 'x-api-key': TENANT_KEY }],
    ['the digest of a key presented as the key', { authorization: `Bearer sha256:${sha256(SHA_KEY)}` }],
    ['a key differing only in case', { authorization: `Bearer ${TENANT_KEY.toUpperCase()}` }],
  ];

  for (const [name, headers] of refused) {
    it(`refuses ${name}: HTTP 401, UNAUTHENTICATED, not retryable, no upstream call`, async () => {
      const res = await gql(stack.gateway.url, ANALYZE, analyzeInput, headers);
      expect(res.status).toBe(401);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
      expect(JSON.stringify(res.body)).not.toContain(TENANT_KEY);
      expect(stack.emulator.requests).toEqual([]);
    });
  }

  it('refuses a query (not only a mutation) without a key, before any upstream call', async () => {
    const res = await gql(stack.gateway.url, STATUS, statusVars);
    expect(res.status).toBe(401);
    expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(stack.emulator.requests).toEqual([]);
  });

  it('refuses a GET query without a key with the same 401', async () => {
    const url = `${stack.gateway.url}/graphql?query=${encodeURIComponent(STATUS)}&variables=${encodeURIComponent(JSON.stringify(statusVars))}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' }, signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', retryable: false });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('accepts the key in x-api-key', async () => {
    const res = await gql(stack.gateway.url, VIEWER, undefined, { 'x-api-key': TENANT_KEY });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { viewer: { tenantId: 'acme' } } });
  });

  it('accepts "bearer" in any case and surrounding spaces', async () => {
    const res = await gql(stack.gateway.url, VIEWER, undefined, { authorization: `bearer   ${TENANT_KEY}  ` });
    expect(res.body.data).toEqual({ viewer: { tenantId: 'acme' } });
  });

  it('accepts a key stored in the tenants file as sha256:<hex>', async () => {
    const res = await gql(stack.gateway.url, STATUS, statusVars, { authorization: `Bearer ${SHA_KEY}` });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const calls = callsTo(stack.emulator, 'GET', '/index/status');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ accessKey: ACME.accessKey, signatureValid: true });
  });

  it('viewer answers the tenant of each key', async () => {
    const acme = await gql(stack.gateway.url, VIEWER, undefined, { authorization: `Bearer ${TENANT_KEY}` });
    const globex = await gql(stack.gateway.url, VIEWER, undefined, { authorization: `Bearer ${OTHER_TENANT_KEY}` });
    expect(acme.body.data).toEqual({ viewer: { tenantId: 'acme' } });
    expect(globex.body.data).toEqual({ viewer: { tenantId: 'globex' } });
    expect(stack.emulator.requests).toEqual([]);
  });

  it("signs globex's call with GLOBEX's access key (secret from secretKeyEnv)", async () => {
    const res = await gql(stack.gateway.url, STATUS, statusVars, { authorization: `Bearer ${OTHER_TENANT_KEY}` });
    expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests).toHaveLength(1);
    expect(stack.emulator.requests[0]).toMatchObject({ accessKey: GLOBEX.accessKey, signatureValid: true });
  });
});

describe('tenant isolation across base URLs', () => {
  let stack: Stack;
  let globexEmulator: Emulator;
  beforeAll(async () => {
    // globex's own upstream knows only globex's keys; acme's knows both, so a mix-up would still verify there.
    globexEmulator = await startEmulator({ credentials: [GLOBEX], analysisStepMs: 60_000 });
    stack = await startStack({ globex: { baseUrl: globexEmulator.url } });
  });
  afterAll(async () => {
    await stack.close();
    await globexEmulator.close();
  });
  beforeEach(() => {
    stack.emulator.clearRequests();
    globexEmulator.clearRequests();
  });

  it("sends each tenant's calls only to its own baseUrl, signed with its own keys", async () => {
    const globex = await gql(stack.gateway.url, ANALYZE, analyzeInput, { authorization: `Bearer ${OTHER_TENANT_KEY}` });
    expect(globex.body.errors).toBeUndefined();
    expect(stack.emulator.requests).toEqual([]);
    expect(globexEmulator.requests).toHaveLength(1);
    expect(globexEmulator.requests[0]).toMatchObject({ method: 'POST', accessKey: GLOBEX.accessKey, signatureValid: true });

    globexEmulator.clearRequests();
    const acme = await stack.gql(ANALYZE, analyzeInput);
    expect(acme.body.errors).toBeUndefined();
    expect(globexEmulator.requests).toEqual([]);
    expect(stack.emulator.requests).toHaveLength(1);
    expect(stack.emulator.requests[0]).toMatchObject({ method: 'POST', accessKey: ACME.accessKey, signatureValid: true });
  });

  it('keeps tenants apart under concurrent requests', async () => {
    const both = await Promise.all(
      Array.from({ length: 10 }, (_, i) => gql(stack.gateway.url, STATUS, statusVars, { authorization: `Bearer ${i % 2 ? OTHER_TENANT_KEY : TENANT_KEY}` })),
    );
    for (const res of both) expect(res.body.errors).toBeUndefined();
    expect(stack.emulator.requests.map((r) => r.accessKey)).toEqual(Array(5).fill(ACME.accessKey));
    expect(globexEmulator.requests.map((r) => r.accessKey)).toEqual(Array(5).fill(GLOBEX.accessKey));
  });
});
