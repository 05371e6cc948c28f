import { ErrorCode, GatewayError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';

export interface VendorErrorBody {
  code: string | null;
  message: string | null;
}

/**
 * The vendor answers failures in two envelopes (reference §4.2, §4.3): the API Gateway's
 * `{ error: { errorCode, message, details } }` and Media Intelligence's `{ code, message }`, possibly
 * wrapped in `responseError` (with `returnCode`/`returnMessage` on other NCP services). Key on the shape.
 */
export function readVendorError(payload: unknown): VendorErrorBody {
  if (!isRecord(payload)) return { code: null, message: null };
  if (isRecord(payload.error)) {
    return { code: text(payload.error.errorCode ?? payload.error.code), message: text(payload.error.message) };
  }
  if (isRecord(payload.responseError)) {
    const inner = payload.responseError;
    return { code: text(inner.code ?? inner.returnCode), message: text(inner.message ?? inner.returnMessage) };
  }
  return { code: text(payload.code), message: text(payload.message) };
}

/**
 * What an upstream 409 means for the call that got it, stated by the caller (CONTRACT-vendor-surface §0):
 * `analysis-running` where a running analysis blocks the call (analyzeAsset, requestIndex,
 * deleteLatestIndex: ANALYSIS_IN_PROGRESS, retryable); `invalid-state` everywhere else (INVALID_STATE,
 * e.g. "Cannot cancel analysis in the current state"); `summary-running` for requestSceneSummary (a summary of
 * the asset is queued or running: SCENE_SUMMARY_IN_PROGRESS, retryable). No vendor message is matched.
 */
export type ConflictMeaning = 'analysis-running' | 'invalid-state' | 'summary-running';

/** An `extensions.upstream.code` is kept only when it looks like a code; anything else (an echoed signature, 200 KB) is dropped. */
const CODE_SHAPE = /^[A-Za-z0-9_.-]{1,32}$/;

export function upstreamCode(code: string | null): string | null {
  return code !== null && CODE_SHAPE.test(code) ? code : null;
}

/**
 * Maps a vendor answer with an error status (or a non-"0" code) to the contract's error codes: the API
 * Gateway table of reference §4.3 (errorCode read as a string whether it came as one or as a number),
 * MI's own codes by status, and a 409 by what the caller says it means.
 */
export function toUpstreamError(status: number, payload: unknown, retryAfter: string | null, conflict: ConflictMeaning = 'invalid-state'): GatewayError {
  const vendor = readVendorError(payload);
  const upstream = { status, code: upstreamCode(vendor.code) };
  const said = vendor.message ? `: ${truncate(scrubTokens(vendor.message))}` : '';
  const code = codeFor(status, upstream.code, conflict);
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return new GatewayError(`The Media Intelligence API rejected the request${said}`, code, { upstream });
    case ErrorCode.NOT_FOUND:
      return new GatewayError(`No such workspace, project, asset or index${said}`, code, { upstream });
    case ErrorCode.ANALYSIS_IN_PROGRESS:
      return new GatewayError('An analysis of this asset is running; retry after it ends', code, { upstream });
    case ErrorCode.SCENE_SUMMARY_IN_PROGRESS:
      return new GatewayError('A scene summary of this asset is queued or running; follow sceneSummaryProgress, then retry', code, { upstream });
    case ErrorCode.INVALID_STATE:
      return new GatewayError(`The current state of this resource does not allow the action${said}`, code, { upstream });
    case ErrorCode.UPSTREAM_AUTH_FAILED:
      // No vendor text at all: an auth failure's text may quote the access key or the signature it got.
      return new GatewayError("The tenant's NCP credentials or permissions were rejected (see extensions.upstream.code)", code, { upstream });
    case ErrorCode.QUOTA_EXCEEDED:
      return new GatewayError("The NCP account's Media Intelligence quota is used up; retrying in seconds will not help", code, { upstream });
    case ErrorCode.RATE_LIMITED:
      return new GatewayError('The Media Intelligence API is rate limiting this tenant; retry later', code, {
        upstream,
        retryAfterSeconds: parseRetryAfter(retryAfter) ?? 1,
      });
    case ErrorCode.UPSTREAM_TIMEOUT:
      return new GatewayError(`The Media Intelligence API timed out (HTTP ${status})`, code, { upstream });
    default:
      return new GatewayError(`The Media Intelligence API failed (HTTP ${status})`, ErrorCode.UPSTREAM_UNAVAILABLE, { upstream });
  }
}

/** API Gateway codes (reference §4.3): 429/400 quota, 429/410 and 429/420 throughput, 504/510 timeout. */
const QUOTA_EXCEEDED_CODE = '400';
const ENDPOINT_TIMEOUT_CODE = '510';

const CONFLICT_CODES: Readonly<Record<ConflictMeaning, ErrorCode>> = {
  'analysis-running': ErrorCode.ANALYSIS_IN_PROGRESS,
  'invalid-state': ErrorCode.INVALID_STATE,
  'summary-running': ErrorCode.SCENE_SUMMARY_IN_PROGRESS,
};

function codeFor(status: number, vendorCode: string | null, conflict: ConflictMeaning): ErrorCode {
  if (status === 401 || status === 403) return ErrorCode.UPSTREAM_AUTH_FAILED;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 409) return CONFLICT_CODES[conflict];
  if (status === 429) return vendorCode === QUOTA_EXCEEDED_CODE ? ErrorCode.QUOTA_EXCEEDED : ErrorCode.RATE_LIMITED;
  // 2xx with a non-"0" MI code: every documented MI code (10001…10027) is a request problem.
  if (status < 300 || (status >= 400 && status < 500)) return ErrorCode.BAD_USER_INPUT;
  if (status === 504 || (status >= 500 && vendorCode === ENDPOINT_TIMEOUT_CODE)) return ErrorCode.UPSTREAM_TIMEOUT;
  return ErrorCode.UPSTREAM_UNAVAILABLE;
}

/** Transport failures map by `err.code` (undici docs/api/Errors.md), never by message. */
export function fromTransportError(error: unknown, endpoint: string): GatewayError {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || name === 'TimeoutError') {
    return new GatewayError(`The Media Intelligence API did not answer in time (${endpoint})`, ErrorCode.UPSTREAM_TIMEOUT, { detail: error });
  }
  return new GatewayError(`The Media Intelligence API is unreachable (${endpoint})`, ErrorCode.UPSTREAM_UNAVAILABLE, { detail: error });
}

export function unreadableAnswer(status: number, reason: string): GatewayError {
  return new GatewayError('The Media Intelligence API sent an unreadable answer', ErrorCode.UPSTREAM_UNAVAILABLE, {
    upstream: { status, code: null },
    detail: reason,
  });
}

/**
 * Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); whole seconds, at least 1; null
 * when unreadable. Only the three HTTP-date forms go to Date.parse, which would otherwise read free
 * text such as "7.5" or "abc 5" as some date in 2001.
 */
const HTTP_DATE =
  /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  let seconds: number;
  // Fractions are not in the RFC but are read generously, rounded up.
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) seconds = Number(trimmed);
  else if (HTTP_DATE.test(trimmed)) seconds = (Date.parse(/GMT$/.test(trimmed) ? trimmed : `${trimmed} GMT`) - now) / 1000;
  else return null;
  if (!Number.isFinite(seconds)) return null;
  return Math.max(1, Math.ceil(seconds));
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/**
 * Vendor text goes to clients only after every long token-like run (a signature is 44 base64
 * characters, access and secret keys 20 or more) is cut out: an upstream that echoes what it received
 * must not turn a secret or a signature into an error message.
 */
export function scrubTokens(message: string): string {
  return message.replace(/[A-Za-z0-9+/=_-]{16,}/g, '[…]');
}

function truncate(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
