import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { postGraphQL } from '../helpers/http.js';
import { TENANT_KEY, useStack } from '../helpers/stack.js';

/**
 * graphql-http's own audits of the GraphQL-over-HTTP spec, over real HTTP against the gateway: every MUST
 * and every SHOULD passes (MAY items are optional). Each audit runs twice, so its query text is known the
 * second time (compiled by graphql-jit from its second use) and must still be answered the same way.
 */
describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  const stack = useStack();
  const authorized: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${TENANT_KEY}`);
    return fetch(input, { ...init, headers, signal: AbortSignal.timeout(10_000) });
  };
  const audits = serverAudits({ url: () => `${stack.gateway.url}/graphql`, fetchFn: authorized });

  it('has audits to run', () => {
    expect(audits.length).toBeGreaterThan(40);
  });

  for (const audit of audits.filter((a) => /^(MUST|SHOULD) /.test(a.name))) {
    it(audit.name, async () => {
      for (const round of ['first use', 'known text']) {
        const result = await audit.fn();
        expect(result.status === 'ok' ? 'ok' : `${round}: ${result.status}: ${result.reason}`).toBe('ok');
      }
    });
  }
});

describe('POST bodies: JSON only', () => {
  const stack = useStack();
  const auth = { authorization: `Bearer ${TENANT_KEY}` };
  const body = JSON.stringify({ query: '{ __typename }' });

  it.each(['text/plain; charset=json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json'])(
    'refuses %j with 415, running nothing',
    async (type) => {
      const res = await postGraphQL(stack.gateway.url, body, { ...auth, 'content-type': type });
      expect(res.status).toBe(415);
      expect(res.json.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(res.json.data).toBeUndefined();
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/graphql-response+json'])(
    'accepts %j',
    async (type) => {
      for (let i = 0; i < 2; i += 1) {
        const res = await postGraphQL(stack.gateway.url, body, { ...auth, 'content-type': type });
        expect(res.status).toBe(200);
        expect(res.json.data).toEqual({ __typename: 'Query' });
      }
    },
  );

  it('answers request errors 200 for application/json clients and 400 for application/graphql-response+json, on both paths', async () => {
    const query = 'query Q($n: Boolean!) { __typename @include(if: $n) }';
    for (let i = 0; i < 2; i += 1) {
      const bad = { query, variables: { n: 'not a boolean' } };
      expect((await postGraphQL(stack.gateway.url, bad, { ...auth, accept: 'application/json' })).status).toBe(200);
      expect((await postGraphQL(stack.gateway.url, bad, { ...auth, accept: 'application/graphql-response+json' })).status).toBe(400);
      // The same text with good variables: known after its first use, then its coercion failure again.
      expect((await postGraphQL(stack.gateway.url, { query, variables: { n: true } }, auth)).status).toBe(200);
    }
    const missing = await postGraphQL(stack.gateway.url, {}, { ...auth, accept: 'application/json' });
    expect(missing.status).toBe(400);
  });
});
