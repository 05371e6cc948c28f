import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, execute, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { KnownOperations } from './known-operations.js';

/**
 * Runs queries and mutations with graphql-jit (the document compiled once into JavaScript) instead of
 * graphql-js's interpreter, plugged in through Apollo's `gateway` interface: Apollo still parses,
 * validates, applies the limits, runs the plugins and formats errors; only execution changes.
 *
 * - Compiled once per operation node: Apollo's document store hands back the same parsed document for
 *   the same query text, so a WeakMap keyed by its operation needs no bound of its own.
 * - graphql-js `execute` remains for a request whose operation Apollo could not resolve, for anything graphql-jit cannot compile, for subscription operations
 *   sent over HTTP, and whenever graphql-jit answers with no `data` at all (variable coercion failed:
 *   graphql-js's errors carry the variable's AST node, which Apollo needs to answer 400 BAD_USER_INPUT;
 *   no resolver ran, so running it again is free of side effects).
 * - graphql-jit's errors are its own class; they are rebuilt as graphql-js GraphQLErrors (message, path,
 *   locations, extensions, originalError) or Apollo's formatError could not see the GatewayError inside.
 * - Each query text whose compiled operation ran is remembered in `known` (when given), so the request path
 *   can run it again without Apollo's per-request pipeline (src/http/known-operation-path.ts).
 * Subscriptions over graphql-ws use the schema directly (src/live/ws-server.ts) and never come here.
 */
export function createJitGateway(schema: GraphQLSchema, known?: KnownOperations): GatewayInterface {
  const compiled = new WeakMap<OperationDefinitionNode, CompiledQuery | null>();
  const compiledFor = (operation: OperationDefinitionNode, document: DocumentNode): CompiledQuery | null => {
    let query = compiled.get(operation);
    if (query === undefined) {
      query = null;
      if (operation.operation !== 'subscription') {
        try {
          const result: CompiledQuery | ExecutionResult = compileQuery(schema, document, operation.name?.value);
          if (isCompiledQuery(result)) query = result;
        } catch {
          // Left to graphql-js below.
        }
      }
      compiled.set(operation, query);
    }
    return query;
  };
  const interpret = (request: Parameters<GatewayExecutor>[0]) =>
    execute({ schema, document: request.document, operationName: request.request.operationName, variableValues: request.request.variables ?? null, contextValue: request.context }) as Promise<ExecutionResult> | ExecutionResult;

  const executor: GatewayExecutor = async (request) => {
    // No operation resolved (no operationName for a multi-operation document, or an unknown one): Apollo
    // still calls the executor; graphql-js answers with the error Apollo turns into a 400
    // OPERATION_RESOLUTION_FAILURE (its typings promise an operation, its pipeline does not).
    const operation = request.operation as OperationDefinitionNode | undefined;
    if (operation === undefined) return interpret(request);
    const query = compiledFor(operation, request.document);
    if (query === null) return interpret(request);
    const result = await query.query(undefined, request.context, request.request.variables ?? {});
    if (result.data === undefined) return interpret(request);
    if (known && request.source !== undefined && operation.operation !== 'subscription') {
      known.remember(request.source, request.request.operationName, { compiled: query, operationName: request.operationName, operationType: operation.operation });
    }
    if (result.errors) return { ...result, errors: result.errors.map(toGraphQLError) };
    return result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors inherit GraphQLError's prototype but are built with read-only fields (GraphQL
 * Armor rewrites `message` to mask suggestions) and sometimes no `originalError` chain Apollo expects:
 * each becomes a plain graphql-js GraphQLError with the same fields.
 */
export function toGraphQLError(error: GraphQLError): GraphQLError {
  const original = (error as { originalError?: Error | null }).originalError ?? undefined;
  const rebuilt = new GraphQLError(error.message, {
    ...(error.path ? { path: error.path } : {}),
    ...(original ? { originalError: original } : {}),
    ...(error.extensions ? { extensions: error.extensions } : {}),
  });
  const locations = (error as { locations?: readonly SourceLocation[] }).locations;
  if (locations && locations.length > 0) Object.defineProperty(rebuilt, 'locations', { value: locations, enumerable: true });
  return rebuilt;
}
