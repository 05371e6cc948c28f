import type { ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { IncomingHeaders } from '../edge/authenticate.js';
import type { Context } from '../graphql/context.js';
import type { Idempotency } from '../edge/idempotency/run-idempotent.js';
import type { TenantRateLimiter } from '../edge/tenant-rate-limit.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { RequestObservation, RequestObserver } from '../observability/request-observer.js';
import type { Tenant } from '../config/tenants.js';
import { loadTools } from './load-tools.js';
import { createMcpHandler, type McpHandler } from './mcp-handler.js';
import { createToolRunner } from './run-tool.js';

export interface McpDeps {
  schema: GraphQLSchema;
  apollo: ApolloServer<Context>;
  authenticate: (headers: IncomingHeaders) => Tenant | null;
  contextFor: (tenant: Tenant, requestId: string, observation?: RequestObservation) => Context;
  rateLimiter: TenantRateLimiter;
  idempotency: Idempotency;
  observer: RequestObserver;
  metrics: Metrics;
  log: Logger;
  maxBodyBytes: number;
  /** Longest waitForTerminal wait of the analysis-status tool. */
  maxWaitMs: number;
}

/** What a tool call's request line is measured against: the call has no HTTP answer of its own. */
const TOOL_CALL_RESPONSE = { statusCode: 200, headersSent: true } as ServerResponse;

/** /mcp: the tools of mcp/tools/ (read and checked against the schema now), run by the gateway's own Apollo server. */
export function createMcp(deps: McpDeps): McpHandler {
  const tools = loadTools(deps.schema);
  const runTool = createToolRunner({
    schema: deps.schema,
    apollo: deps.apollo,
    contextFor: deps.contextFor,
    rateLimiter: deps.rateLimiter,
    idempotency: deps.idempotency,
    onStoreError: (error) => deps.log.warn({ err: error }, 'idempotency store failed'),
    observe: (requestId, run) => deps.observer.observe(TOOL_CALL_RESPONSE, requestId, run, { transport: 'mcp' }),
    maxWaitMs: deps.maxWaitMs,
    onRateLimited: () => deps.metrics.rejections.inc({ reason: 'rate_limit' }),
    onCall: (tool, outcome) => deps.metrics.mcpToolCalls.inc({ tool, outcome: deps.metrics.outcomeLabel(outcome) }),
  });
  deps.log.debug({ tools: tools.map((t) => t.name) }, 'mcp tools loaded');
  return createMcpHandler({ tools, runTool, authenticate: deps.authenticate, maxBodyBytes: deps.maxBodyBytes, log: deps.log });
}
