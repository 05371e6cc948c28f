import { describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { request } from 'node:http';
import { getGraphQL, postGraphQL, sha256Hex } from '../helpers/http.js';
import { TENANT_KEY, startStack, useStack, type Stack } from '../helpers/stack.js';

const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const VIEWER = /* GraphQL */ `{ viewer { tenantId } }`;

describe('request limits (GraphQL Armor), batching and body size', () => {
  const stack = useStack({
    env: {
      GRAPHQL_MAX_DEPTH: '2',
      GRAPHQL_MAX_ALIASES: '3',
      GRAPHQL_MAX_DIRECTIVES: '3',
      GRAPHQL_MAX_TOKENS: '200',
      GRAPHQL_MAX_COST: '20',
      MAX_BODY_BYTES: '4096',
    },
  });
  const post = (body: unknown) => postGraphQL(stack.gateway.url, body, AUTH);

  const refused: Array<[string, string, RegExp]> = [
    [
      'depth',
      `{ asset(workspaceName: "${DEMO_WORKSPACE}", projectId: ${DEMO_PROJECT_ID}, assetId: ${DEMO_ASSET_ID}) { analysisStatus { status } } }`,
      /depth limit of 2/i,
    ],
    ['aliases', '{ a: viewer { tenantId } b: viewer { tenantId } c: viewer { tenantId } d: viewer { tenantId } }', /aliases limit of 3/i],
    ['directives', '{ __typename @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) }', /directives limit of 3/i],
    // graphql-js spells it "more that"; accept either spelling.
    ['tokens', `{ ${'__typename '.repeat(200)}}`, /contains more tha[nt] 200 tokens/i],
    ['cost', `{ ${'viewer { tenantId } '.repeat(8)}}`, /cost limit of 20/i],
  ];
  it.each(refused)('refuses an operation over the %s limit with a clear GraphQL error and no upstream call', async (_name, query, message) => {
    stack.emulator.clearRequests();
    const res = await post({ query });
    expect(res.status).toBe(400);
    // Other limits may refuse the same document too; the one under test is among the errors.
    const error = res.json.errors?.find((e) => message.test(e.message));
    expect(error, JSON.stringify(res.json.errors)).toBeDefined();
    expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(error!.extensions?.code);
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it('keeps serving after the refusals', async () => {
    expect((await fetch(`${stack.gateway.url}/healthz`)).status).toBe(200);
    const res = await post({ query: VIEWER });
    expect(res.json.data?.viewer.tenantId).toBe('acme');
  });

  it('refuses a batch (JSON array of operations) with 400', async () => {
    const res = await post([{ query: VIEWER }, { query: VIEWER }]);
    expect(res.status).toBe(400);
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const res = await post({ query: VIEWER, variables: { pad: 'x'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect(res.json.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 413 PAYLOAD_TOO_LARGE to a chunked body (no content-length) over MAX_BODY_BYTES, not a reset connection', async () => {
    const res = await postChunked(stack.gateway.url, ['{"query":"{ __typename }","variables":{"pad":"', 'x'.repeat(3000), 'y'.repeat(3000), '"}}'], AUTH);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).errors?.[0]?.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', retryable: false });
  });

  it('answers the full introspection query outside production (exempt from depth and cost)', async () => {
    const res = await postGraphQL(stack.gateway.url, { query: getIntrospectionQuery() }, AUTH);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('automatic persisted queries', () => {
  const stack = useStack();

  it('works over POST: PersistedQueryNotFound, then register, then hash only', async () => {
    const query = '{ viewer { tenantId } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } };
    const miss = await postGraphQL(stack.gateway.url, { extensions }, AUTH);
    expect(miss.json.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await postGraphQL(stack.gateway.url, { query, extensions }, AUTH);
    expect(register.json.data?.viewer.tenantId).toBe('acme');
    const hit = await postGraphQL(stack.gateway.url, { extensions }, AUTH);
    expect(hit.json.data?.viewer.tenantId).toBe('acme');
  });

  it('works over GET: PersistedQueryNotFound, then register, then hash only', async () => {
    const query = '{ viewer { tenantId __typename } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } };
    const miss = await getGraphQL(stack.gateway.url, { extensions }, AUTH);
    expect(miss.json.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await getGraphQL(stack.gateway.url, { query, extensions }, AUTH);
    expect(register.json.data?.viewer.tenantId).toBe('acme');
    const hit = await getGraphQL(stack.gateway.url, { extensions }, AUTH);
    expect(hit.status).toBe(200);
    expect(hit.json.data?.viewer).toEqual({ tenantId: 'acme', __typename: 'Viewer' });
  });

  // Apollo raises these two without a code; they are the client's mistake, not a server failure.
  it.each([
    ['a hash that does not match the query', { query: VIEWER, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }, /does not match/],
    ['an unsupported version', { query: VIEWER, extensions: { persistedQuery: { version: 2, sha256Hash: sha256Hex(VIEWER) } } }, /version/],
  ])('answers %s with 400 BAD_REQUEST and its message, not a masked internal error', async (_name, body, message) => {
    const logsBefore = stack.logs.length;
    const res = await postGraphQL(stack.gateway.url, body, AUTH);
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST', retryable: false });
    expect(res.json.errors?.[0]?.message).toMatch(message);
    expect(stack.logs.slice(logsBefore).filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});

describe('introspection in production', () => {
  const introspect = (stack: Stack) => postGraphQL(stack.gateway.url, { query: '{ __schema { queryType { name } } }' }, AUTH);

  it('is refused with NODE_ENV=production', async () => {
    const stack = await startStack({ env: { NODE_ENV: 'production' } });
    try {
      const res = await introspect(stack);
      expect(res.json.data).toBeUndefined();
      expect(res.json.errors?.[0]?.message).toBe(
        'Introspection is off on this gateway (the default under NODE_ENV=production): set GRAPHQL_INTROSPECTION=true to enable it',
      );
      expect(res.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await postGraphQL(stack.gateway.url, { query: VIEWER }, AUTH)).json.data?.viewer.tenantId).toBe('acme');
    } finally {
      await stack.close();
    }
  });

  it('is answered in production when GRAPHQL_INTROSPECTION=true', async () => {
    const stack = await startStack({ env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' } });
    try {
      expect((await introspect(stack)).json.data?.__schema.queryType.name).toBe('Query');
    } finally {
      await stack.close();
    }
  });
});

/** POST /graphql with chunked transfer encoding (each chunk written separately, no content-length). */
function postChunked(url: string, chunks: string[], headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(10_000) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
