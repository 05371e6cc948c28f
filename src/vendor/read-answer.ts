import { ErrorCode, GatewayError } from '../errors.js';

export const INVALID = Symbol('invalid-json');

export function parseJson(text: string): unknown {
  if (text.length === 0) return INVALID;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** Reads the whole body, failing fast past `maxBytes`; the body is always consumed or destroyed. */
type AnswerBody = AsyncIterable<Buffer> & { destroy(error?: Error): unknown; on(event: 'error', listener: (error: Error) => void): unknown };

export async function readCapped(body: AnswerBody, maxBytes: number, contentLength: string | string[] | undefined): Promise<string> {
  const declared = Number(headerValue(contentLength) ?? NaN);
  if (declared > maxBytes) {
    discard(body);
    throw tooLarge(`content-length ${declared}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      discard(body);
      throw tooLarge(`over ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
}

/**
 * Stops reading and closes the connection. undici reports a destroyed, unfinished body as an 'error'
 * event (RequestAbortedError); with no listener that event would crash the process.
 */
function discard(body: AnswerBody): void {
  body.on('error', () => {});
  body.destroy();
}

function tooLarge(detail: string): GatewayError {
  return new GatewayError('The Media Intelligence API sent an answer larger than allowed', ErrorCode.UPSTREAM_UNAVAILABLE, { detail });
}

export function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
