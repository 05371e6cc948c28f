import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, RETRYABLE } from '../common/errors.js';

/** What an agent should do next, per contract error code (one line each; every ErrorCode has its own). */
const HINTS: Readonly<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'the API key is missing or unknown: fix the Authorization header of the MCP client',
  BAD_USER_INPUT: 'fix the arguments as the message says (see the tool input schema), then call again',
  NOT_FOUND: "check the workspace, project, asset and search ids (list-assets shows a project's assets)",
  ANALYSIS_IN_PROGRESS: 'analysis running: poll analysis-status (waitForTerminal: true), then retry',
  UPSTREAM_AUTH_FAILED: "the tenant's NCP credentials were refused upstream: an operator must fix the tenants file; do not retry",
  RATE_LIMITED: 'too many calls: wait retryAfterSeconds, then retry the same call',
  QUOTA_EXCEEDED: 'the vendor quota is used up: do not retry until the quota resets',
  INVALID_STATE: 'the asset is not in a state for this (e.g. nothing to cancel): read analysis-status or scene-summary before deciding what to do',
  SCENE_SUMMARY_IN_PROGRESS: 'scene summary running: read scene-summary until sceneSummaryStatus.terminal, then retry (or cancel-scene-summary)',
  UPSTREAM_TIMEOUT: 'the vendor was slow: retry the same call (same idempotencyKey for a mutation); it will not run twice',
  UPSTREAM_UNAVAILABLE: 'the vendor is unavailable: wait retryAfterSeconds (or a few seconds), then retry the same call',
  IDEMPOTENCY_KEY_REUSED:
    'this idempotencyKey cannot run (again): used with other arguments, or its first call may have run; read the resource before a new key',
  INTERNAL_SERVER_ERROR: 'the gateway failed unexpectedly: report it; retrying may not help',
};

export interface ToolError {
  code: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  hint: string;
  message: string;
}

export function toolError(code: string, message: string, retryAfterSeconds?: number): ToolError {
  const retryable = RETRYABLE[code as ErrorCode] ?? false;
  return {
    code,
    retryable,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    hint: HINTS[code as ErrorCode] ?? HINTS.INTERNAL_SERVER_ERROR,
    message,
  };
}

/** The first GraphQL error of an answer, as the agent sees it. */
export function fromGraphQLError(error: GraphQLFormattedError): ToolError {
  const extensions = error.extensions ?? {};
  const code = typeof extensions['code'] === 'string' ? extensions['code'] : ErrorCode.INTERNAL_SERVER_ERROR;
  const retryAfter = extensions['retryAfterSeconds'];
  const tool = toolError(code, error.message, typeof retryAfter === 'number' ? retryAfter : undefined);
  return typeof extensions['retryable'] === 'boolean' ? { ...tool, retryable: extensions['retryable'] } : tool;
}

export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent: Record<string, unknown>;
  isError?: boolean;
}

export function errorResult(error: ToolError, data: Record<string, unknown> | null = null, errors?: readonly GraphQLFormattedError[]): ToolResult {
  const structured = { ...(data ?? {}), error, ...(errors ? { errors } : {}) };
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}\nhint: ${error.hint}\n${JSON.stringify(structured)}` }],
    structuredContent: structured,
  };
}

export function dataResult(data: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
}
