import { ApolloServer, type ApolloServerOptions } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../observability/logger.js';
import type { CompiledOperations } from './compiled-operations.js';
import type { Context } from './context.js';
import { createDocumentStore } from './document-store.js';
import { createJitGateway, type ExecutionReport } from './jit-executor.js';
import type { RequestLimitProtection } from './operation-limits.js';
import type { PersistedQueryCache } from './persisted-query-cache.js';

/**
 * Request headers that a browser cannot send cross-origin without a preflight, which Apollo's CSRF check
 * accepts. Every request here must carry its API key in such a header, so those count too (GET queries
 * need no extra apollo-require-preflight header); cookies play no part in authentication.
 */
export const CSRF_SAFE_HEADERS = ['authorization', 'x-api-key', 'x-apollo-operation-name', 'apollo-require-preflight'] as const;

export interface ApolloParts {
  schema: GraphQLSchema;
  introspection: boolean;
  limits: RequestLimitProtection;
  persistedQueries: PersistedQueryCache;
  compiledOperations: CompiledOperations;
  formatError: NonNullable<ApolloServerOptions<Context>['formatError']>;
  /** Told the operation that runs and its errors (the request log): from the executor, not a plugin hook. */
  report: ExecutionReport;
  log: Logger;
}

/**
 * The gateway's one Apollo Server: it parses and validates (with the operation limits), caches
 * documents, handles APQ, CSRF prevention and content negotiation, and formats errors; graphql-jit
 * executes (src/graphql/jit-executor.ts). No plugin runs per request.
 */
export function createApollo(parts: ApolloParts): ApolloServer<Context> {
  return new ApolloServer<Context>({
    gateway: createJitGateway(parts.schema, parts.compiledOperations, parts.report),
    introspection: parts.introspection,
    csrfPrevention: { requestHeaders: [...CSRF_SAFE_HEADERS] },
    // A JSON array of operations is refused (400): each would escape the per-request rate limit and idempotency.
    allowBatchedHttpRequests: false,
    validationRules: parts.limits.validationRules,
    parseOptions: parts.limits.parseOptions,
    persistedQueries: { cache: parts.persistedQueries },
    documentStore: createDocumentStore(),
    // main.ts owns signals: it drains HTTP first, then stops Apollo.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: parts.formatError,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Every answer is private to one tenant (sent with cache-control: private, no-store), so the
      // cache-control plugin, which wraps every field resolver, would only cost time.
      ApolloServerPluginCacheControlDisabled(),
      // Federation inline traces (ftv1) are for Apollo Studio; nothing here reports to it.
      ApolloServerPluginInlineTraceDisabled(),
    ],
    logger: parts.log,
  });
}
