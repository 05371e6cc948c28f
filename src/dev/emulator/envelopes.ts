/**
 * Response bodies. Two shapes on purpose: MI's own envelope ({code, message, result}) and the
 * API Gateway's ({error: {errorCode, message, details}}), because the gateway client must tell them apart
 * by shape, not by HTTP status (reference §4).
 */
export interface Reply {
  status: number;
  body: unknown;
  /** Sent verbatim instead of JSON-encoding `body` (fault injection only). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export function miOk(result?: unknown): Reply {
  return { status: 200, body: result === undefined ? { code: '0', message: 'success' } : { code: '0', message: 'success', result } };
}

export function miError(status: number, code: string, message: string): Reply {
  return { status, body: { code, message } };
}

export function gatewayError(status: number, errorCode: string, message: string, details: string): Reply {
  return { status, body: { error: { errorCode, message, details } } };
}

// Confirmed vendor codes and texts (reference §4.3); clients may match on the text, so keep it verbatim.
export const invalidRequest = (): Reply => miError(400, '10001', 'Invalid Request.');
export const nothingToAnalyze = (): Reply => miError(400, '10014', 'Select the asset you want to analyze.');
export const folderNotAllowed = (): Reply => miError(400, '10016', 'Select the bucket to integrate (folder selection not available).');

// ASSUMED codes: the vendor table is unreadable past 10027, so these are our inventions (reference §12.1).
export const notFound = (): Reply => miError(404, '10002', 'Resource not found.');
export const analysisRunning = (): Reply => miError(409, '10030', 'Analysis is already in progress.');
// Confirmed 409 texts (reference §4.3, `mi-cancel-index`, `mi-delete-index`); the code column reads 409 [I].
export const nothingToCancel = (): Reply => miError(409, '409', 'Cannot cancel analysis in the current state');
export const deleteWhileRunning = (): Reply => miError(409, '409', 'Cannot delete index while analysis is in progress');

export const authFailed = (details: string): Reply => gatewayError(401, '200', 'Authentication Failed', details);
export const routeNotFound = (): Reply => gatewayError(404, '300', 'Not Found Exception', 'No such API.');
export const bodyTooLarge = (): Reply => gatewayError(413, '430', 'Request Entity Too Large', 'Request body exceeds the allowed size.');
export const unexpectedError = (): Reply => gatewayError(500, '900', 'Unexpected Error', 'Emulator internal error.');

/** The envelope a real service would most plausibly send with `status`, for faults injected without a body. */
export function envelopeForStatus(status: number): unknown {
  switch (status) {
    case 400:
      return invalidRequest().body;
    case 401:
      return authFailed('Invalid authentication information.').body;
    case 403:
      return gatewayError(403, '210', 'Permission Denied', 'You do not have permission.').body;
    case 404:
      return notFound().body;
    case 409:
      return analysisRunning().body;
    case 413:
      return bodyTooLarge().body;
    case 429:
      return gatewayError(429, '410', 'Throttle Limited', 'Rate of traffic exceeds capacity.').body;
    case 500:
      return unexpectedError().body;
    case 502:
    case 503:
      return gatewayError(status, '500', 'Endpoint Error', 'Backend service is unavailable.').body;
    case 504:
      return gatewayError(504, '510', 'Endpoint Timeout', 'Backend service timed out.').body;
    default:
      return status < 400 ? miOk({}).body : { code: String(status), message: 'Emulated failure.' };
  }
}
