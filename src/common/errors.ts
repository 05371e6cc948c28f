import { GraphQLError, type GraphQLErrorOptions, type GraphQLFormattedError } from 'graphql';

/** Every `extensions.code` the gateway emits (CONTRACT.md, "Error codes"). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  ANALYSIS_IN_PROGRESS = 'ANALYSIS_IN_PROGRESS',
  UPSTREAM_AUTH_FAILED = 'UPSTREAM_AUTH_FAILED',
  RATE_LIMITED = 'RATE_LIMITED',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  INVALID_STATE = 'INVALID_STATE',
  SCENE_SUMMARY_IN_PROGRESS = 'SCENE_SUMMARY_IN_PROGRESS',
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Whether a client may retry the same request later; fixed per code by the contract. */
export const RETRYABLE: Readonly<Record<ErrorCode, boolean>> = {
  UNAUTHENTICATED: false,
  BAD_USER_INPUT: false,
  NOT_FOUND: false,
  ANALYSIS_IN_PROGRESS: true,
  UPSTREAM_AUTH_FAILED: false,
  RATE_LIMITED: true,
  QUOTA_EXCEEDED: false,
  INVALID_STATE: false,
  SCENE_SUMMARY_IN_PROGRESS: true,
  UPSTREAM_TIMEOUT: true,
  UPSTREAM_UNAVAILABLE: true,
  IDEMPOTENCY_KEY_REUSED: false,
  INTERNAL_SERVER_ERROR: false,
};

/** HTTP status for errors raised before execution (auth, rate limit); resolver errors keep 200. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
};

export interface UpstreamInfo {
  status: number;
  code: string | null;
}

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    code?: string;
    retryable?: boolean;
    upstream?: UpstreamInfo;
    retryAfterSeconds?: number;
  }
}

export interface GatewayErrorOptions extends GraphQLErrorOptions {
  upstream?: UpstreamInfo;
  retryAfterSeconds?: number;
  /** For the server log only; never sent to clients. */
  detail?: unknown;
}

export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;
  readonly detail: unknown;

  constructor(message: string, code: ErrorCode, options: GatewayErrorOptions = {}) {
    const { upstream, retryAfterSeconds, detail, extensions, ...rest } = options;
    super(message, {
      ...rest,
      extensions: {
        ...extensions,
        code,
        retryable: RETRYABLE[code],
        ...(upstream ? { upstream } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      },
    });
    this.name = 'GatewayError';
    this.code = code;
    this.detail = detail;
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

export function badInput(message: string, field?: string): GatewayError {
  return new GatewayError(message, ErrorCode.BAD_USER_INPUT, field ? { extensions: { field } } : {});
}

const MASKED_MESSAGE = 'Internal server error';

/** Codes Apollo Server itself produces for malformed requests; they carry no secrets and stay visible. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export const INTROSPECTION_OFF = 'Introspection is off on this gateway (the default under NODE_ENV=production): set GRAPHQL_INTROSPECTION=true to enable it';

/**
 * Apollo `formatError` (also used by the WebSocket path): GatewayErrors and Apollo's own request errors
 * pass, with field suggestions ("Did you mean …") masked so the schema cannot be guessed with
 * introspection off; anything else (a bug, a library throw) is masked and handed to `report` for the
 * server log (with the error Apollo handed over, to find its request).
 * Must not throw (apollo src/errorNormalize.ts).
 */
export function createFormatError(report: (original: unknown, error: unknown) => void) {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown } | null)?.originalError ?? error;
    if (original instanceof GatewayError) return withRetryable(formatted);
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && APOLLO_REQUEST_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
      // Apollo's wording names its constructor option; an operator sets an environment variable.
      if (formatted.message.startsWith('GraphQL introspection is not allowed')) return withRetryable({ ...formatted, message: INTROSPECTION_OFF });
      if (formatted.message.includes('Did you mean')) return withRetryable({ ...formatted, message: formatted.message.replace(SUGGESTION, SUGGESTION_MASK) });
      return withRetryable(formatted);
    }
    // Apollo raises a few request errors without a code but with an HTTP 4xx head (an APQ hash that does
    // not match its query, an unsupported APQ version): the client's mistake, so BAD_REQUEST, not masked.
    if (isUncodedClientError(original)) return withRetryable({ ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } });
    report(original, error);
    return {
      message: MASKED_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, retryable: false },
    };
  };
  return format;
}

/** GraphQL Armor's block-field-suggestions pattern and mask. */
const SUGGESTION = /Did you mean ".+"/g;
const SUGGESTION_MASK = '[Suggestion hidden]';

function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError !== undefined || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function withRetryable(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions && 'retryable' in formatted.extensions) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, retryable: false } };
}
