import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { getVariableValues, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Context } from '../graphql/context.js';
import { ErrorCode } from '../common/errors.js';
import { refusalOf } from '../edge/idempotency/refusal-of.js';
import { IdempotencyStoreUnavailable, type Idempotency } from '../edge/idempotency/run-idempotent.js';
import type { TenantRateLimiter } from '../edge/tenant-rate-limit.js';
import { sha256Hex } from '../common/sha256-hex.js';
import type { RequestObservation } from '../observability/request-observer.js';
import type { Tenant } from '../config/tenants.js';
import { IDEMPOTENCY_KEY_ARG, WAIT_ARG, type McpTool } from './load-tools.js';
import { dataResult, errorResult, fromGraphQLError, toolError, type ToolResult } from './tool-errors.js';
import { waitForTerminal, type ProgressSink } from './wait-terminal.js';

export interface ToolRunnerDeps {
  schema: GraphQLSchema;
  apollo: ApolloServer<Context>;
  /** The same context factory as /graphql, for the session's tenant. */
  contextFor: (tenant: Tenant, requestId: string, observation?: RequestObservation) => Context;
  rateLimiter: TenantRateLimiter;
  /** The same idempotency records as the HTTP path (memory or Redis). */
  idempotency: Idempotency;
  onStoreError?: (error: unknown) => void;
  /** Request log and metrics around one tool call (the request id starts with `mcp-`). */
  observe: (requestId: string, run: (observation: RequestObservation) => Promise<void>) => Promise<void>;
  /** Longest waitForTerminal wait. */
  maxWaitMs: number;
  /** Counts a refusal by the tenant rate limit (`mi_gateway_rejections_total{reason="rate_limit"}`). */
  onRateLimited?: () => void;
  /** Told of each finished call (metrics): `ok` or the error code; must not throw. */
  onCall?: (tool: string, outcome: string) => void;
}

export interface ToolCall {
  tenant: Tenant;
  sessionId: string;
  /** The JSON-RPC id of the tools/call request. */
  rpcId: string | number;
  args: Record<string, unknown>;
  progress?: ProgressSink | undefined;
  signal?: AbortSignal;
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs one tool call through the gateway's own Apollo server: rate limit, idempotency (mutations), errors for agents. */
export function createToolRunner(deps: ToolRunnerDeps): (tool: McpTool, call: ToolCall) => Promise<ToolResult> {
  const execute = async (tool: McpTool, tenant: Tenant, variables: Record<string, unknown>, observation: RequestObservation): Promise<Answer> => {
    const response = await deps.apollo.executeOperation(
      { query: tool.document, operationName: tool.operationName, variables },
      { contextValue: deps.contextFor(tenant, observation.requestId, observation) },
    );
    if (response.body.kind !== 'single') return { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] };
    const { data, errors } = response.body.singleResult;
    return { data: (data ?? null) as Record<string, unknown> | null, ...(errors ? { errors } : {}) };
  };

  const runMutation = async (
    tool: McpTool,
    call: ToolCall,
    variables: Record<string, unknown>,
    explicitKey: string | undefined,
    observation: RequestObservation,
  ): Promise<Answer | ToolResult> => {
    // Scoped per tenant, hashed (any character is safe), and apart from HTTP Idempotency-Key values.
    const identity = explicitKey !== undefined ? `mcp-key:${explicitKey}` : `mcp-call:${call.sessionId}:${JSON.stringify(call.rpcId)}`;
    const key = `${call.tenant.id}:${sha256Hex(identity)}`;
    const fingerprint = sha256Hex(JSON.stringify([tool.name, variables]));
    let outcome;
    try {
      outcome = await deps.idempotency.run(key, fingerprint, async () => ({
        status: 200,
        headers: [],
        body: JSON.stringify(await execute(tool, call.tenant, variables, observation)),
      }));
    } catch (error) {
      if (!(error instanceof IdempotencyStoreUnavailable)) throw error;
      deps.onStoreError?.(error.cause);
      return errorResult(toolError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Idempotency records are unavailable right now; nothing ran: retry the same call'));
    }
    switch (outcome.kind) {
      case 'fresh':
      case 'replay':
        return JSON.parse(outcome.response.body) as Answer;
      default: {
        const refusal = refusalOf(outcome);
        return errorResult(toolError(refusal.code, refusal.message));
      }
    }
  };

  const run = async (tool: McpTool, call: ToolCall): Promise<ToolResult> => {
    const { [IDEMPOTENCY_KEY_ARG]: idempotencyKey, [WAIT_ARG]: wait, ...inputs } = call.args;
    // Arguments are checked against the operation's variable types before anything counts or runs.
    if (
      tool.operationType === 'mutation' &&
      idempotencyKey !== undefined &&
      (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
    ) {
      return errorResult(toolError(ErrorCode.BAD_USER_INPUT, 'idempotencyKey must be 1 to 255 visible ASCII characters'));
    }
    if (wait !== undefined && (typeof wait !== 'boolean' || tool.operationType !== 'query')) {
      return errorResult(toolError(ErrorCode.BAD_USER_INPUT, 'waitForTerminal must be true or false'));
    }
    const coerced = getVariableValues(deps.schema, tool.variableDefinitions ?? [], inputs);
    if (coerced.errors) return errorResult(toolError(ErrorCode.BAD_USER_INPUT, coerced.errors.map((e) => e.message).join('; ')));
    const variables = inputs;

    const requestId = `mcp-${randomUUID()}`;
    let result: ToolResult | undefined;
    await deps.observe(requestId, async (observation) => {
      observation.noteTenant(call.tenant.id);
      observation.noteOperation(tool.operationName, tool.operationType);
      const verdict = await deps.rateLimiter.consume(call.tenant);
      if (!verdict.allowed) {
        deps.onRateLimited?.();
        observation.noteErrorCode(ErrorCode.RATE_LIMITED);
        result = errorResult(
          toolError(
            ErrorCode.RATE_LIMITED,
            `Rate limit of tenant ${call.tenant.id} exceeded; retry after ${verdict.retryAfterSeconds} s`,
            verdict.retryAfterSeconds,
          ),
        );
        return;
      }
      if (wait === true) {
        await waitForTerminal({
          schema: deps.schema,
          context: deps.contextFor(call.tenant, requestId, observation),
          variables,
          maxWaitMs: deps.maxWaitMs,
          progress: call.progress,
          signal: call.signal,
        });
      }
      const answer =
        tool.operationType === 'mutation'
          ? await runMutation(tool, call, variables, idempotencyKey as string | undefined, observation)
          : await execute(tool, call.tenant, variables, observation);
      if ('content' in answer) {
        result = answer as ToolResult;
        const code = (result.structuredContent['error'] as { code?: string } | undefined)?.code;
        if (code) observation.noteErrorCode(code);
        return;
      }
      const { data, errors } = answer as Answer;
      for (const error of errors ?? []) observation.noteErrorCode(error.extensions?.['code']);
      result = errors && errors.length > 0 ? errorResult(fromGraphQLError(errors[0]!), data ?? null, errors) : dataResult(data ?? {});
    });
    return result!;
  };
  return async (tool, call) => {
    const result = await run(tool, call);
    const code = (result.structuredContent['error'] as { code?: string } | undefined)?.code;
    deps.onCall?.(tool.name, result.isError ? (code ?? 'INTERNAL_SERVER_ERROR') : 'ok');
    return result;
  };
}
