import { ErrorCode, GatewayError } from '../common/errors.js';

export const INVALID = Symbol('invalid-json');

export function parseJson(text: string): unknown {
  if (text.length === 0) return INVALID;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** The parts of undici's answer body (a Readable) used here. */
interface AnswerBody {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer) => void): unknown;
  destroy(error?: Error): unknown;
}

/**
 * Reads the whole body, failing fast past `maxBytes`; the body is always consumed or destroyed.
 * Plain 'data'/'end' listeners rather than `for await`: the async iterator costs a promise and
 * several microtasks per chunk, on every upstream answer.
 */
export function readCapped(body: AnswerBody, maxBytes: number, contentLength: string | string[] | undefined): Promise<string> {
  const declared = Number(headerValue(contentLength) ?? NaN);
  if (declared > maxBytes) {
    discard(body);
    return Promise.reject(tooLarge(`content-length ${declared}`));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        body.removeListener('data', onData);
        fail(tooLarge(`over ${maxBytes} bytes`));
        discard(body);
        return;
      }
      chunks.push(chunk);
    };
    body.on('data', onData);
    body.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    });
    // The deadline's abort (and a connection reset) destroy the body with an error; this listener also
    // keeps such an error from crashing the process once the answer is settled.
    body.on('error', fail);
    // Closed without 'end' or 'error' (destroyed quietly): what `for await` reports as a premature close.
    // Checked before the error is made: 'close' also follows every normal 'end', and an Error's stack is costly.
    body.on('close', () => {
      if (!settled) fail(Object.assign(new Error('upstream answer closed early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
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
