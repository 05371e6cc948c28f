import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_VARIABLES_VALUES, toIdempotentRequest } from '../../../../src/edge/idempotency/request-identity.js';
import { sha256Hex as sha256 } from '../../../../src/common/sha256-hex.js';

const MUTATION = 'mutation M($n: Int) { analyzeAsset(input: { analysisPersonCount: $n }) { id } }';
const noLookup = async () => undefined;
/** The operation type as a parse alone gives it (the gateway's preparer also validates: test/unit/graphql/operation-preparer.test.ts). */
const operationTypeOf = (query: string, operationName: string | null) => {
  try {
    const operation = getOperationAST(parse(query), operationName ?? undefined);
    return operation ? operation.operation : null;
  } catch {
    return null;
  }
};

describe('toIdempotentRequest', () => {
  it('applies only to a POST whose selected operation is a mutation, with a key', async () => {
    expect((await toIdempotentRequest('POST', { query: MUTATION }, 'k', noLookup, operationTypeOf)).kind).toBe('idempotent');
    expect((await toIdempotentRequest('POST', { query: MUTATION }, undefined, noLookup, operationTypeOf)).kind).toBe('not-applicable');
    expect((await toIdempotentRequest('GET', { query: MUTATION }, 'k', noLookup, operationTypeOf)).kind).toBe('not-applicable');
    expect((await toIdempotentRequest('POST', { query: '{ viewer { tenantId } }' }, 'k', noLookup, operationTypeOf)).kind).toBe('not-applicable');
    const two = `query Q { viewer { tenantId } } ${MUTATION}`;
    expect((await toIdempotentRequest('POST', { query: two, operationName: 'Q' }, 'k', noLookup, operationTypeOf)).kind).toBe('not-applicable');
    expect((await toIdempotentRequest('POST', { query: two, operationName: 'M' }, 'k', noLookup, operationTypeOf)).kind).toBe('idempotent');
    expect((await toIdempotentRequest('POST', { query: 'mutation {' }, 'k', noLookup, operationTypeOf)).kind).toBe('not-applicable');
  });

  it('accepts 1 to 255 visible ASCII characters only', async () => {
    for (const key of ['a', '~'.repeat(255), 'AZaz09-_.:!'])
      expect((await toIdempotentRequest('POST', { query: MUTATION }, key, noLookup, operationTypeOf)).kind).toBe('idempotent');
    for (const key of ['', ' ', 'a b', 'a'.repeat(256), 'ü', 'a\tb'])
      expect((await toIdempotentRequest('POST', { query: MUTATION }, key, noLookup, operationTypeOf)).kind).toBe('invalid-key');
  });

  it('fingerprints document, operation name and variables; key order in variables does not matter', async () => {
    const fp = async (body: Record<string, unknown>) => {
      const r = await toIdempotentRequest('POST', body, 'k', async (hash) => (hash === sha256(MUTATION) ? MUTATION : undefined), operationTypeOf);
      return r.kind === 'idempotent' ? r.fingerprint : r.kind;
    };
    const base = await fp({ query: MUTATION, variables: { n: 1, m: { a: 1, b: 2 } } });
    expect(await fp({ query: MUTATION, variables: { m: { b: 2, a: 1 }, n: 1 } })).toBe(base);
    expect(await fp({ query: MUTATION, variables: { n: 2, m: { a: 1, b: 2 } } })).not.toBe(base);
    expect(await fp({ query: MUTATION, operationName: 'M', variables: { n: 1, m: { a: 1, b: 2 } } })).not.toBe(base);
    // APQ: hash only (text looked up) has the same identity as the text itself.
    const hashOnly = await fp({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(MUTATION) } }, variables: { n: 1, m: { a: 1, b: 2 } } });
    expect(hashOnly).toBe(base);
  });

  it('keeps the fingerprint of earlier versions: sha256 of JSON.stringify([document hash, operation name, variables with sorted keys])', async () => {
    const variables = '{"z":[1,{"b":"é\\"\\\\","a":null}],"a":{"__proto__":1,"y":true,"x":1.5e300}}';
    const sorted = JSON.parse('{"a":{"__proto__":1,"x":1.5e300,"y":true},"z":[1,{"a":null,"b":"é\\"\\\\"}]}');
    const r = await toIdempotentRequest('POST', { query: MUTATION, variables: JSON.parse(variables) }, 'k', noLookup, operationTypeOf);
    expect(r).toEqual({ kind: 'idempotent', key: 'k', fingerprint: sha256(JSON.stringify([sha256(MUTATION), null, sorted])) });
  });

  it(`refuses variables of more than ${MAX_VARIABLES_VALUES} values (object members, array items) quickly, whatever their shape`, async () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const long = { list: Array.from({ length: 100_000 }, () => 1) };
    const nested = { a: Array.from({ length: 40 }, () => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]))) };
    const started = performance.now();
    for (const variables of [wide, long, nested])
      expect((await toIdempotentRequest('POST', { query: MUTATION, variables }, 'k', noLookup, operationTypeOf)).kind).toBe('variables-too-large');
    expect(performance.now() - started).toBeLessThan(100);
    const fits = { list: Array.from({ length: MAX_VARIABLES_VALUES - 1 }, () => 1) };
    expect((await toIdempotentRequest('POST', { query: MUTATION, variables: fits }, 'k', noLookup, operationTypeOf)).kind).toBe('idempotent');
  });
});
