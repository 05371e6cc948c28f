import { describe, expect, it } from 'vitest';
import { createOperationPreparer } from '../../../src/graphql/operation-preparer.js';
import { createRequestLimits } from '../../../src/graphql/operation-limits.js';
import { buildGatewaySchema } from '../../../src/graphql/schema.js';

const schema = buildGatewaySchema();
const limits = createRequestLimits({ maxDepth: 12, maxAliases: 15, maxDirectives: 10, maxTokens: 200, maxCost: 5000 });
const preparer = createOperationPreparer({ schema, validationRules: limits.validationRules, parseOptions: limits.parseOptions });
const codes = (result: ReturnType<typeof preparer.prepare>) => (result.kind === 'refused' ? result.errors.map((e) => e.extensions['code']) : result.kind);

describe('operation preparer (the WebSocket path and the Idempotency-Key check)', () => {
  it('selects the operation of a valid document, by name when there are several', () => {
    const two = 'query Q { viewer { tenantId } } mutation M { cancelAnalysis(input: { workspaceName: "w", projectId: "1", assetId: "2" }) { cancelled } }';
    const byName = preparer.prepare(two, 'M');
    expect(byName.kind === 'ok' && byName.operation.operation).toBe('mutation');
    expect(codes(preparer.prepare(two))).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    expect(codes(preparer.prepare(two, 'Nope'))).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  it('refuses what Apollo refuses, with its codes: syntax, the token cap, unknown fields, the alias limit', () => {
    expect(codes(preparer.prepare('query {'))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(preparer.prepare(`{ ${'viewer { tenantId } '.repeat(60)} }`))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(preparer.prepare('{ nope }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { tenantId }`).join(' ')} }`;
    expect(preparer.prepare(aliases(15)).kind).toBe('ok');
    expect(codes(preparer.prepare(aliases(16)))).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives the same answer from its cache, which is bounded by characters of text and keeps no token locations', () => {
    // 50 characters: the first two texts (23 + 25) fit, the third (14) pushes the first out.
    const small = createOperationPreparer({ schema, validationRules: limits.validationRules, parseOptions: limits.parseOptions, maxCachedCharacters: 50 });
    const texts = ['{ viewer { tenantId } }', '{ viewer { __typename } }', '{ __typename }'];
    const documentOf = (text: string) => {
      const prepared = small.prepare(text);
      if (prepared.kind !== 'ok') throw new Error(`expected ${text} to be valid`);
      return prepared.document;
    };
    const first = texts.map(documentOf);
    // The newest two are kept (the same parsed document); the oldest was evicted and is parsed afresh.
    expect(documentOf(texts[2]!)).toBe(first[2]);
    expect(documentOf(texts[1]!)).toBe(first[1]);
    expect(documentOf(texts[0]!)).not.toBe(first[0]);
    expect(codes(small.prepare('{ nope }'))).toEqual(codes(small.prepare('{ nope }')));
    // Parsed without locations: a kept document does not hold every token (comments included) of its text.
    expect(documentOf(texts[2]!).loc).toBeUndefined();
  });

  it('reports variables that do not fit their types as BAD_USER_INPUT', () => {
    const prepared = preparer.prepare('subscription S($a: ID!) { analysisProgress(workspaceName: "w", projectId: "1", assetId: $a) { status } }');
    if (prepared.kind !== 'ok') throw new Error('expected a valid subscription');
    expect(preparer.coerceVariables(prepared.operation, { a: '5' })).toBeNull();
    expect(preparer.coerceVariables(prepared.operation, {})?.map((e) => e.extensions['code'])).toEqual(['BAD_USER_INPUT']);
  });

  it('tells the operation type from the parse alone: a mutation that fails validation is still a mutation', () => {
    expect(preparer.operationTypeOf('mutation M { analyzeAsset(input: {}) { nope } }', 'M')).toBe('mutation');
    expect(preparer.operationTypeOf('query Q { viewer { tenantId } } mutation M { x }', 'Q')).toBe('query');
    expect(preparer.operationTypeOf('query Q { viewer { tenantId } } mutation M { x }', null)).toBeNull();
    expect(preparer.operationTypeOf('mutation {', null)).toBeNull();
  });
});
