import type { IncomingHttpHeaders } from 'node:http';
import { ACCESS_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../upstream/sign.js';

/** ±5 minutes, as the NCP API Gateway (reference §2). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface AuthResult {
  ok: boolean;
  accessKey: string | undefined;
  /** The signature matched the secret of a known access key (the timestamp may still be stale). */
  signatureValid: boolean;
  /** `details` text of the 401 envelope when not ok. */
  failure: string;
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Verifies like the API Gateway: over the RAW request-target as received, never a normalised one, because
 * the real gateway's canonicalisation is undocumented and the gateway under test must sign what it sends.
 */
export function checkAuth(headers: IncomingHttpHeaders, method: string, target: string, secrets: ReadonlyMap<string, string>, now: number): AuthResult {
  const timestamp = single(headers[TIMESTAMP_HEADER]);
  const accessKey = single(headers[ACCESS_KEY_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  const result = (failure: string, signatureValid = false): AuthResult => ({ ok: failure === '', accessKey, signatureValid, failure });

  if (timestamp === undefined || accessKey === undefined || signature === undefined) {
    return result('Required authentication headers are missing.');
  }
  const secretKey = secrets.get(accessKey);
  if (secretKey === undefined) return result('Invalid access key.');
  const signatureValid = verifySignature({ method, pathWithQuery: target, timestamp, accessKey, secretKey }, signature);
  if (!signatureValid) return result('Signature does not match.');
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > MAX_CLOCK_SKEW_MS) {
    return result('Timestamp is out of the allowed range.', true);
  }
  return result('', true);
}
