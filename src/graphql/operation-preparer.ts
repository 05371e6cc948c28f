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
  /**
   * The type of the operation `query` selects, from its parse alone (null when it does not parse or names no
   * operation): a mutation that fails validation is still a mutation for the Idempotency-Key rules.
   */
  operationTypeOf(query: string, operationName?: string | null): 'query' | 'mutation' | 'subscription' | null;
  /** Variables that do not fit their types, as the client's input errors (BAD_USER_INPUT); null when they fit. */
  coerceVariables(operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined): GraphQLError[] | null;
}

export interface OperationPreparerOptions {
  schema: GraphQLSchema;
  /** The same operation limits Apollo applies (src/graphql/operation-limits.ts). */
  validationRules: readonly ValidationRule[];
  parseOptions: { maxTokens: number };
  /** Characters of query text kept parsed (the documents are parsed without locations); oldest out first. */
  maxCachedCharacters?: number;
}

interface Entry {
  document: DocumentNode | null;
  parseErrors: GraphQLError[] | null;
  /** Validated on first use by `prepare` (the Idempotency-Key check needs the parse only). */
  validationErrors?: GraphQLError[] | null;
}

/**
 * Operation preparation for requests Apollo's HTTP pipeline does not run: subscriptions over WebSocket
 * (src/live/ws-server.ts) and the Idempotency-Key check of which operation a POST selects
 * (src/edge/idempotency/request-identity.ts). Same parser options and validation rules as Apollo, so a
 * document is refused (or accepted) the same way on every path; errors carry Apollo's codes.
 * Bounded by the characters of text kept (documents are parsed without locations, so a kept document
 * costs about its text's size, comments included), and texts longer than MAX_TEXT_LENGTH are not kept.
 */
export function createOperationPreparer(options: OperationPreparerOptions): OperationPreparer {
  const { schema } = options;
  const parseOptions = { ...options.parseOptions, noLocation: true };
  const rules = [...specifiedRules, ...options.validationRules];
  const maxCharacters = options.maxCachedCharacters ?? MAX_CACHED_CHARACTERS;
  const entries = new Map<string, Entry>();
  let characters = 0;

  const load = (query: string): Entry => {
    const known = entries.get(query);
    if (known) return known;
    let entry: Entry;
    try {
      entry = { document: parse(query, parseOptions), parseErrors: null };
    } catch (error) {
      entry = { document: null, parseErrors: [requestError(error instanceof GraphQLError ? error.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED')] };
    }
    if (query.length <= MAX_TEXT_LENGTH) {
      while (entries.size > 0 && characters + query.length > maxCharacters) {
        const [oldest] = entries.keys();
        characters -= oldest!.length;
        entries.delete(oldest!);
      }
      entries.set(query, entry);
      characters += query.length;
    }
    return entry;
  };

  const select = (document: DocumentNode, operationName: string | null | undefined) => getOperationAST(document, operationName ?? undefined);

  return {
    prepare(query, operationName) {
      const entry = load(query);
      if (!entry.document) return { kind: 'refused', errors: entry.parseErrors ?? [] };
      if (entry.validationErrors === undefined) {
        const invalid = validate(schema, entry.document, rules);
        entry.validationErrors = invalid.length > 0 ? invalid.map((error) => requestError(error.message, 'GRAPHQL_VALIDATION_FAILED')) : null;
      }
      if (entry.validationErrors) return { kind: 'refused', errors: entry.validationErrors };
      const operation = select(entry.document, operationName);
      if (!operation) {
        const problem = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
        return { kind: 'refused', errors: [requestError(problem, 'OPERATION_RESOLUTION_FAILURE')] };
      }
      return { kind: 'ok', document: entry.document, operation };
    },
    operationTypeOf(query, operationName) {
      const { document } = load(query);
      return document ? (select(document, operationName)?.operation ?? null) : null;
    },
    coerceVariables(operation, variables) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 10 });
      return coerced.errors ? coerced.errors.map((error) => requestError(error.message, 'BAD_USER_INPUT')) : null;
    },
  };
}

/** Text kept parsed in all: ~2 M characters, a few MB of documents. */
const MAX_CACHED_CHARACTERS = 2_000_000;
/** Longest text kept; real operations are a few hundred to a few thousand characters. */
const MAX_TEXT_LENGTH = 16_384;

function requestError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
