import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './envelopes.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * Reads the whole body but keeps at most `limit` bytes: past the cap it drains and drops the rest,
 * so an oversized upload costs no memory and still gets a proper 413 answer instead of a reset.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > limit }));
    req.on('error', reject);
  });
}

/** undefined for no body, the parsed JSON, or the raw text when it is not JSON (handlers then answer 400). */
export function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function encodeReply(reply: Reply): { payload: string; headers: Record<string, string> } {
  const payload = reply.rawBody ?? JSON.stringify(reply.body);
  return {
    payload,
    headers: {
      'content-type': JSON_TYPE,
      'x-ncp-request-id': randomUUID(),
      ...reply.headers,
      'content-length': String(Buffer.byteLength(payload)),
    },
  };
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const { payload, headers } = encodeReply(reply);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Timers that close() can cancel, so a pending delay never keeps the process (or a test run) alive. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.add(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
