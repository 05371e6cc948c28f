import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';

export type PreparedOperation = { kind: 'ok'; document: DocumentNode; operation: OperationDefinitionNode } | { kind: 'refused'; errors: GraphQLError[] };

export interface OperationPreparer {
  /** Parses and validates `query` with the gateway's limits (cached by text), then selects the operation to run. */
  prepare(query: string, operationName?: string | null): PreparedOperation;
  /** Variables that do not fit their types, as the client's input errors (BAD_USER_INPUT); null when they fit. */
  coerceVariables(operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined): GraphQLError[] | null;
}

export interface OperationPreparerOptions {
  schema: GraphQLSchema;
  /** The same operation limits Apollo applies (src/graphql/operation-limits.ts). */
  validationRules: readonly ValidationRule[];
  parseOptions: { maxTokens: number };
  /** Texts kept parsed and validated; oldest out first. */
  maxEntries?: number;
}

/**
 * Operation preparation for requests Apollo's HTTP pipeline does not run: subscriptions over WebSocket
 * (src/live/ws-server.ts) and the Idempotency-Key check of which operation a POST selects
 * (src/edge/idempotency/request-identity.ts). Same parser options and validation rules as Apollo, so a
 * document is refused (or accepted) the same way on every path; errors carry Apollo's codes.
 * Bounded: at most `maxEntries` texts of at most MAX_TEXT_LENGTH characters are kept.
 */
export function createOperationPreparer(options: OperationPreparerOptions): OperationPreparer {
  const { schema, parseOptions } = options;
  const rules = [...specifiedRules, ...options.validationRules];
  const maxEntries = options.maxEntries ?? 500;
  const documents = new Map<string, { document: DocumentNode; errors: GraphQLError[] | null }>();

  const load = (query: string): { document: DocumentNode | null; errors: GraphQLError[] | null } => {
    const known = documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, parseOptions);
    } catch (error) {
      return { document: null, errors: [requestError(error instanceof GraphQLError ? error.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED')] };
    }
    const invalid = validate(schema, document, rules);
    const entry = { document, errors: invalid.length > 0 ? invalid.map((error) => requestError(error.message, 'GRAPHQL_VALIDATION_FAILED')) : null };
    if (query.length <= MAX_TEXT_LENGTH) {
      if (documents.size >= maxEntries) documents.delete(documents.keys().next().value!);
      documents.set(query, entry);
    }
    return entry;
  };

  return {
    prepare(query, operationName) {
      const { document, errors } = load(query);
      if (errors || !document) return { kind: 'refused', errors: errors ?? [] };
      const operation = getOperationAST(document, operationName ?? undefined);
      if (!operation) {
        const problem = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
        return { kind: 'refused', errors: [requestError(problem, 'OPERATION_RESOLUTION_FAILURE')] };
      }
      return { kind: 'ok', document, operation };
    },
    coerceVariables(operation, variables) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 10 });
      return coerced.errors ? coerced.errors.map((error) => requestError(error.message, 'BAD_USER_INPUT')) : null;
    },
  };
}

/** Longest text kept; real operations are a few hundred to a few thousand characters. */
const MAX_TEXT_LENGTH = 16_384;

function requestError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
