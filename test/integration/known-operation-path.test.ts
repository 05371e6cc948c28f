import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { ANALYZE, analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL, type RawResponse } from '../helpers/http.js';
import { OTHER_TENANT_KEY, TENANT_KEY, startStack, type Stack } from '../helpers/stack.js';

/**
 * The known-operation path (src/http/known-operation-path.ts) must answer exactly as Apollo does. Two
 * gateways, each with its own emulator: one with the path off (GRAPHQL_KNOWN_OPERATIONS=0, Apollo
 * answers everything), one with the defaults. Every request goes to both; on the second gateway the
 * path answers each text from its third use on (the second compiles it), which /metrics proves, and
 * the answers must match: status, content type, cache-control and the body byte for byte (timestamps
 * aside).
 */
const auth = { authorization: `Bearer ${TENANT_KEY}` };
const STATUS = `query Status($w: String!, $p: ID!, $a: ID!) { analysisStatus(workspaceName: $w, projectId: $p, assetId: $a) { status rawStatus terminal } }`;
const TWO_OPERATIONS = `query Viewer { viewer { tenantId } }\nquery Workspace($name: String!) { workspace(name: $name) { name } }`;

interface Case {
  name: string;
  body: unknown;
  headers?: Record<string, string>;
  /** Whether the known-operation path may answer it (false: it must leave the request to Apollo). */
  direct: boolean;
  /** The status stock Apollo Server answers with, where the case is about one (both gateways must give it). */
  status?: number;
}

const cases: Case[] = [
  { name: 'analyzeAsset accepted', body: analyzeBody(DEMO_ASSET_ID), direct: true },
  { name: 'analyzeAsset refused by the vendor (409 while analysing)', body: analyzeBody(DEMO_ASSET_ID), direct: true },
  { name: 'analyzeAsset with an input our rules refuse', body: analyzeBody(DEMO_ASSET_ID, DEMO_PROJECT_ID, { analysisPersonCount: -1 }), direct: true },
  { name: 'analyzeAsset of an unknown asset (vendor 404)', body: analyzeBody(424242), direct: true },
  { name: 'variables that fail coercion (Apollo answers 400)', body: analyzeBody(DEMO_ASSET_ID, DEMO_PROJECT_ID, { sceneRange: 'MEDUIM' }), direct: false },
  {
    name: 'accept: application/graphql-response+json',
    body: analyzeBody(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID),
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
    direct: true,
  },
  { name: 'accept: */*', body: { query: STATUS, variables: { w: DEMO_WORKSPACE, p: String(DEMO_PROJECT_ID), a: String(DEMO_ASSET_ID) } }, headers: { accept: '*/*' }, direct: true },
  { name: 'accept header Apollo answers 406', body: { query: STATUS, variables: { w: DEMO_WORKSPACE, p: String(DEMO_PROJECT_ID), a: String(DEMO_ASSET_ID) } }, headers: { accept: 'text/html' }, direct: false },
  { name: 'a query whose resolver fails (NOT_FOUND)', body: { query: STATUS, variables: { w: 'no-such-workspace', p: '1', a: '1' } }, direct: true },
  { name: 'one of two operations by name', body: { query: TWO_OPERATIONS, operationName: 'Viewer' }, direct: true },
  { name: 'the other operation by name', body: { query: TWO_OPERATIONS, operationName: 'Workspace', variables: { name: DEMO_WORKSPACE } }, direct: true },
  { name: 'no operation name for a two-operation document (Apollo answers 400)', body: { query: TWO_OPERATIONS }, direct: false, status: 400 },
  { name: 'an empty operation name', body: { query: TWO_OPERATIONS, operationName: '' }, direct: false, status: 400 },
  { name: 'an operation name the document does not have (Apollo answers 400)', body: { query: TWO_OPERATIONS, operationName: 'Nope' }, direct: false, status: 400 },
  // STATUS was accepted without an operationName: no name the client can send may stand for "none".
  { name: 'operation name "#" for a text known without a name', body: { query: STATUS, operationName: '#', variables: { w: DEMO_WORKSPACE, p: '1', a: '1' } }, direct: false, status: 400 },
  { name: 'variables given as a string (Apollo answers 400)', body: { query: STATUS, variables: '{}' }, direct: false },
  { name: 'a persisted-query extension (Apollo checks the hash)', body: { query: ANALYZE, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }, direct: false },
];

/** Timestamps differ between the two runs; everything else must be identical. */
const normalise = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');

async function knownOperationCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const match = /^mi_gateway_graphql_known_operation_requests_total (\d+)/m.exec(text);
  if (!match) throw new Error('known-operation counter missing from /metrics');
  return Number(match[1]);
}

describe('known-operation path: the same answers as Apollo', () => {
  let apolloOnly: Stack;
  let withPath: Stack;
  beforeAll(async () => {
    // globex has a tight rate limit: the path must not answer around it.
    const globex = { rateLimit: { requests: 3, perSeconds: 600 } };
    [apolloOnly, withPath] = await Promise.all([startStack({ env: { GRAPHQL_KNOWN_OPERATIONS: '0' }, globex }), startStack({ globex })]);
  });
  afterAll(async () => {
    await Promise.all([apolloOnly?.close(), withPath?.close()]);
  });

  const send = (stack: Stack, c: Case): Promise<RawResponse> => postGraphQL(stack.gateway.url, c.body, { ...auth, ...c.headers });
  const comparable = (res: RawResponse) => ({
    status: res.status,
    contentType: res.headers.get('content-type'),
    cacheControl: res.headers.get('cache-control'),
    body: normalise(res.text),
  });

  it('warms up with each text twice (Apollo answers; the second use compiles it), then answers each case like Apollo does', async () => {
    // The first two uses of every text, on both: Apollo accepts it and, on the second gateway, the
    // executor compiles and remembers it on its second use. A throwaway asset id keeps the warm-up from
    // touching the assets the cases below analyse.
    for (let use = 0; use < 2; use += 1) {
      for (const text of [ANALYZE, STATUS]) {
        for (const stack of [apolloOnly, withPath]) await postGraphQL(stack.gateway.url, { query: text, variables: text === ANALYZE ? analyzeBody(999_999).variables : { w: 'x', p: '1', a: '1' } }, auth);
      }
      for (const operationName of ['Viewer', 'Workspace']) {
        for (const stack of [apolloOnly, withPath]) await postGraphQL(stack.gateway.url, { query: TWO_OPERATIONS, operationName, variables: { name: DEMO_WORKSPACE } }, auth);
      }
      // ANALYZE is also sent with operationName "Analyze" by analyzeBody: a separate entry.
      for (const stack of [apolloOnly, withPath]) await postGraphQL(stack.gateway.url, analyzeBody(999_998), auth);
    }

    expect(await knownOperationCount(apolloOnly.gateway.url)).toBe(0);
    for (const c of cases) {
      const before = await knownOperationCount(withPath.gateway.url);
      const expected = await send(apolloOnly, c);
      const actual = await send(withPath, c);
      expect(comparable(actual), c.name).toEqual(comparable(expected));
      if (c.status !== undefined) expect(actual.status, `${c.name}: status`).toBe(c.status);
      expect((await knownOperationCount(withPath.gateway.url)) - before, `${c.name}: answered by the known-operation path`).toBe(c.direct ? 1 : 0);
    }
  });

  it('writes the same request log line (tenant, operation, type, status, outcome)', async () => {
    const c = cases[3]!; // a vendor 404: an error outcome
    await send(apolloOnly, c);
    await send(withPath, c);
    const last = (stack: Stack) => {
      const line = stack.logs.filter((l) => l.includes('"msg":"graphql request"')).at(-1)!;
      const { tenantId, operationName, operationType, status, outcome } = JSON.parse(line) as Record<string, unknown>;
      return { tenantId, operationName, operationType, status, outcome };
    };
    expect(last(withPath)).toEqual(last(apolloOnly));
    expect(last(withPath)).toMatchObject({ tenantId: 'acme', operationName: 'Analyze', operationType: 'mutation', outcome: 'NOT_FOUND' });
  });

  it('masks an unexpected error like Apollo does, with the same server log line', async () => {
    // A vendor answer the schema cannot serialise (createdBy must be a String): not a GatewayError.
    for (const stack of [apolloOnly, withPath]) {
      stack.emulator.injectFault({
        method: 'POST',
        path: /\/index$/,
        times: 1,
        fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: { id: 77, createdTime: '2025-01-01T00:00:00', createdUserName: { nested: 1 } } } },
      });
    }
    const c: Case = { name: 'masked', body: analyzeBody(DEMO_ASSET_ID), direct: true };
    const before = await knownOperationCount(withPath.gateway.url);
    const expected = await send(apolloOnly, c);
    const actual = await send(withPath, c);
    expect(await knownOperationCount(withPath.gateway.url)).toBe(before + 1);
    expect(comparable(actual)).toEqual(comparable(expected));
    expect(actual.json.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const lines = (stack: Stack, requestId: string) =>
      stack.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l['requestId'] === requestId && (l['msg'] === 'unexpected error (masked for the client)' || l['msg'] === 'graphql request'))
        .map((l) => ({ msg: l['msg'], level: l['level'], outcome: l['outcome'], operationName: l['operationName'], status: l['status'] }));
    const ids = [expected, actual].map((r) => r.headers.get('x-request-id')!);
    expect(lines(withPath, ids[1]!)).toEqual(lines(apolloOnly, ids[0]!));
    expect(lines(withPath, ids[1]!).map((l) => l.msg)).toEqual(['unexpected error (masked for the client)', 'graphql request']);
  });

  it("stores the answer it makes for an Idempotency-Key and replays it as Apollo's would be", async () => {
    const headers = { 'idempotency-key': 'known-operation-path-1' };
    const c: Case = { name: 'idempotent', body: analyzeBody(DEMO_ANALYSED_ASSET_ID), headers, direct: true };
    const before = await knownOperationCount(withPath.gateway.url);
    const pairs = [];
    for (let i = 0; i < 2; i++) pairs.push({ expected: await send(apolloOnly, c), actual: await send(withPath, c) });
    // The first request ran on the path; the second is a replay (nothing ran).
    expect(await knownOperationCount(withPath.gateway.url)).toBe(before + 1);
    for (const { expected, actual } of pairs) {
      expect(comparable(actual)).toEqual(comparable(expected));
      expect(actual.headers.get('idempotent-replayed')).toBe(expected.headers.get('idempotent-replayed'));
    }
    expect(pairs[1]!.actual.headers.get('idempotent-replayed')).toBe('true');
    expect(pairs[1]!.actual.text).toBe(pairs[0]!.actual.text);
  });

  it("still applies the tenant's rate limit to texts it knows", async () => {
    const body = { query: TWO_OPERATIONS, operationName: 'Viewer' };
    const other = { authorization: `Bearer ${OTHER_TENANT_KEY}` };
    const before = await knownOperationCount(withPath.gateway.url);
    const statuses = async (stack: Stack) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push((await postGraphQL(stack.gateway.url, body, other)).status);
      return out;
    };
    expect(await statuses(withPath)).toEqual(await statuses(apolloOnly));
    expect(await statuses(withPath)).toEqual([429, 429, 429, 429]);
    // Three allowed requests, all on the path (the text is known from the cases above).
    expect(await knownOperationCount(withPath.gateway.url)).toBe(before + 3);
  });

  it('sends the vendor the same signed call once per request', async () => {
    apolloOnly.emulator.clearRequests();
    withPath.emulator.clearRequests();
    const c = cases[3]!;
    await send(apolloOnly, c);
    await send(withPath, c);
    const calls = (stack: Stack) => stack.emulator.requests.map((r) => ({ method: r.method, target: r.target, body: r.body, signatureValid: r.signatureValid }));
    expect(calls(withPath)).toEqual(calls(apolloOnly));
    expect(calls(withPath)).toHaveLength(1);
    expect(calls(withPath)[0]!.signatureValid).toBe(true);
  });
});
