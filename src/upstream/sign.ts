import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** NCP API Gateway signature v2 (reference §3). Pure: no clock, no I/O. */
export interface SignInput {
  /** Upper-case HTTP verb. */
  method: string;
  /** The exact request-target sent on the wire: path plus `?query` when there is one. */
  pathWithQuery: string;
  /** Milliseconds since the epoch as a decimal string; the same string goes in the header. */
  timestamp: string;
  accessKey: string;
  secretKey: string;
}

export const TIMESTAMP_HEADER = 'x-ncp-apigw-timestamp';
export const ACCESS_KEY_HEADER = 'x-ncp-iam-access-key';
export const SIGNATURE_HEADER = 'x-ncp-apigw-signature-v2';

export function stringToSign(input: Omit<SignInput, 'secretKey'>): string {
  return `${input.method} ${input.pathWithQuery}\n${input.timestamp}\n${input.accessKey}`;
}

export function sign(input: SignInput): string {
  return createHmac('sha256', keyFor(input.secretKey)).update(stringToSign(input), 'utf8').digest('base64');
}

/**
 * HMAC key objects per secret: importing the key is a third of an HMAC's cost. One entry per tenant
 * secret (the process already holds each as tenant.secretKey); bounded in case of many secrets.
 */
const keys = new Map<string, KeyObject>();
function keyFor(secretKey: string): KeyObject {
  let key = keys.get(secretKey);
  if (key === undefined) {
    if (keys.size >= 1024) keys.clear();
    key = createSecretKey(Buffer.from(secretKey, 'utf8'));
    keys.set(secretKey, key);
  }
  return key;
}

/** The three auth headers for one request. */
export function signHeaders(input: SignInput): Record<string, string> {
  return {
    [TIMESTAMP_HEADER]: input.timestamp,
    [ACCESS_KEY_HEADER]: input.accessKey,
    [SIGNATURE_HEADER]: sign(input),
  };
}

/** Constant-time comparison of a received signature with the expected one (used by the emulator). */
export function verifySignature(input: SignInput, received: string): boolean {
  const expected = Buffer.from(sign(input));
  const actual = Buffer.from(received);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
