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
export async function readCapped(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, maxBytes: number, contentLength: string | string[] | undefined): Promise<string> {
  const declared = Number(headerValue(contentLength) ?? NaN);
  if (declared > maxBytes) {
    body.destroy();
    throw new GatewayError('The Media Intelligence API sent an answer larger than allowed', ErrorCode.UPSTREAM_UNAVAILABLE, { detail: `content-length ${declared}` });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new GatewayError('The Media Intelligence API sent an answer larger than allowed', ErrorCode.UPSTREAM_UNAVAILABLE, { detail: `over ${maxBytes} bytes` });
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
}

export function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
