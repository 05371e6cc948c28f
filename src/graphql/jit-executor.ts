import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, execute, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { CompiledOperation, CompiledOperations } from './compiled-operations.js';
import type { Context } from './context.js';

/** What the executor tells the request log about each execution, with the request's context. */
export interface ExecutionReport {
  /** The operation that runs. */
  onOperation?: (context: Context, operationName: string | null, operationType: string) => void;
  /**
   * The errors of an answer, as Apollo will hand them to formatError (same objects), or what the execution
   * threw (Apollo wraps it in a GraphQLError whose originalError it is).
   */
  onErrors?: (context: Context, errors: readonly unknown[]) => void;
}

/** Where graphql-jit puts the generated code when compiling with `debug: true`. */
const GENERATED_CODE = '__DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation';

/**
 * Runs queries and mutations with graphql-jit (the document compiled once into JavaScript) instead of
 * graphql-js's interpreter, plugged in through Apollo's `gateway` interface: Apollo still parses,
 * validates, applies the limits, runs the plugins and formats errors; only execution changes.
 *
 * - Compiled operations live in `known` (src/graphql/compiled-operations.ts), keyed by query text and the
 *   operationName the client sent, bounded in entries, text length and generated code: a compiled
 *   operation is far larger than its document, so nothing compiled is kept outside that budget.
 * - graphql-js `execute` runs what is not kept compiled: the first use of a text (it is compiled on its
 *   second: CompiledOperations.seenBefore), a text the cache will not hold (too long, or
 *   GRAPHQL_KNOWN_OPERATIONS=0), an operation graphql-jit cannot compile (remembered per parsed operation
 *   in a WeakSet, so only while Apollo keeps the document), a request whose operation Apollo could not
 *   resolve, subscription operations sent over HTTP, and whenever graphql-jit answers with no `data` at
 *   all (variable coercion failed: graphql-js's errors carry the variable's AST node, which Apollo needs
 *   to answer 400 BAD_USER_INPUT; no resolver ran, so running it again is free of side effects).
 * - graphql-jit's errors are its own class; they are rebuilt as graphql-js GraphQLErrors (message, path,
 *   locations, extensions, originalError) or Apollo's formatError could not see the GatewayError inside.
 * Subscriptions over graphql-ws use the schema directly (src/live/ws-server.ts) and never come here.
 */
export function createJitGateway(schema: GraphQLSchema, known: CompiledOperations, report: ExecutionReport = {}): GatewayInterface {
  const uncompilable = new WeakSet<OperationDefinitionNode>();
  const compile = (request: Parameters<GatewayExecutor>[0], operation: OperationDefinitionNode): CompiledOperation | null => {
    try {
      // `debug` hands back the generated code, whose length is the operation's weight in the cache.
      const result: CompiledQuery | ExecutionResult = compileQuery(schema, request.document, operation.name?.value, { debug: true } as Parameters<
        typeof compileQuery
      >[3]);
      if (!isCompiledQuery(result)) return null;
      const debug = result as CompiledQuery & { [GENERATED_CODE]?: unknown };
      const code = debug[GENERATED_CODE];
      delete debug[GENERATED_CODE];
      return {
        compiled: result,
        operationName: request.operationName,
        weight: typeof code === 'string' ? code.length : 0,
      };
    } catch {
      return null;
    }
  };
  const interpret = (request: Parameters<GatewayExecutor>[0]) =>
    execute({
      schema,
      document: request.document,
      operationName: request.request.operationName,
      variableValues: request.request.variables ?? null,
      contextValue: request.context,
    }) as Promise<ExecutionResult> | ExecutionResult;

  const run: GatewayExecutor = async (request) => {
    // No operation resolved (no operationName for a multi-operation document, or an unknown one): Apollo
    // still calls the executor; graphql-js answers with the error Apollo turns into a 400
    // OPERATION_RESOLUTION_FAILURE (its typings promise an operation, its pipeline does not).
    const operation = request.operation as OperationDefinitionNode | undefined;
    if (operation !== undefined) report.onOperation?.(request.context as Context, request.operationName, operation.operation);
    if (operation === undefined || operation.operation === 'subscription' || uncompilable.has(operation)) return interpret(request);
    let entry = known.find(request.source, request.request.operationName);
    if (entry === undefined) {
      if (!known.accepts(request.source) || !known.seenBefore(request.queryHash, request.request.operationName)) return interpret(request);
      const compiled = compile(request, operation);
      if (compiled === null || !known.accepts(request.source, compiled.weight)) {
        uncompilable.add(operation);
        return interpret(request);
      }
      known.remember(request.source, request.request.operationName, compiled);
      entry = compiled;
    }
    const result = await entry.compiled.query(undefined, request.context, request.request.variables ?? {});
    if (result.data === undefined) return interpret(request);
    if (result.errors) return { ...result, errors: result.errors.map(toGraphQLError) };
    return result;
  };

  const executor: GatewayExecutor = async (request) => {
    let result: ExecutionResult;
    try {
      result = await run(request);
    } catch (thrown) {
      report.onErrors?.(request.context as Context, [thrown]);
      throw thrown;
    }
    if (result.errors && result.errors.length > 0) report.onErrors?.(request.context as Context, result.errors);
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
