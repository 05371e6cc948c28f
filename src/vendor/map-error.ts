import { ErrorCode, GatewayError } from '../errors.js';
import { isRecord } from '../is-record.js';

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

/** Maps a vendor answer with an error status (or a non-"0" code) to the contract's error codes. */
export function toGatewayError(status: number, payload: unknown, retryAfter: string | null): GatewayError {
  const vendor = readVendorError(payload);
  const upstream = { status, code: vendor.code };
  const said = vendor.message ? `: ${truncate(scrubTokens(vendor.message))}` : '';
  const code = codeForStatus(status);
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return new GatewayError(`The Media Intelligence API rejected the request${said}`, code, { upstream });
    case ErrorCode.NOT_FOUND:
      return new GatewayError(`No such workspace, project, asset or index${said}`, code, { upstream });
    case ErrorCode.ANALYSIS_IN_PROGRESS:
      return new GatewayError('An analysis of this asset is already running; retry after it ends', code, { upstream });
    case ErrorCode.UPSTREAM_AUTH_FAILED:
      // No vendor text at all: an auth failure's text may quote the access key or the signature it got.
      return new GatewayError("The tenant's NCP credentials or permissions were rejected (see extensions.upstream.code)", code, { upstream });
    case ErrorCode.RATE_LIMITED:
      return new GatewayError('The Media Intelligence API is rate limiting this tenant; retry later', code, {
        upstream,
        retryAfterSeconds: parseRetryAfter(retryAfter) ?? 1,
      });
    default:
      return new GatewayError(`The Media Intelligence API failed (HTTP ${status})`, ErrorCode.UPSTREAM_UNAVAILABLE, { upstream });
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return ErrorCode.UPSTREAM_AUTH_FAILED;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 409) return ErrorCode.ANALYSIS_IN_PROGRESS;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  // 2xx with a non-"0" MI code: every documented MI code (10001…10027) is a request problem.
  if (status < 300 || (status >= 400 && status < 500)) return ErrorCode.BAD_USER_INPUT;
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
const HTTP_DATE = /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

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

