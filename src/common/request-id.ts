import { randomUUID } from 'node:crypto';

const ACCEPTABLE = /^[\x21-\x7e]{1,128}$/;

/** The client's `x-request-id` when it is 1 to 128 visible ASCII characters; a fresh UUID otherwise. */
export function toRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE.test(value) ? value : randomUUID();
}
