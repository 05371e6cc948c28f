import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, readBody } from '../../../src/http/read-body.js';

const LIMIT = 64;
let server: Server;
let port = 0;
const outcomes: Promise<string>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const read = readBody(req, LIMIT);
    outcomes.push(read);
    read.then(
      (text) => res.end(`ok:${text}`),
      (error: unknown) => (error instanceof BodyTooLargeError && !res.destroyed ? res.end('too large') : res.destroy()),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `chunks` with chunked encoding (no content-length), pausing between them; `abort` stops after the first. */
function send(chunks: string[], abort = false): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/', signal: AbortSignal.timeout(5000) }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
      res.on('error', () => resolve('error'));
    });
    req.on('error', () => resolve('error'));
    let i = 0;
    const next = (): void => {
      if (abort && i === 1) {
        req.destroy();
        return;
      }
      if (i === chunks.length) {
        req.end();
        return;
      }
      req.write(chunks[i++]!);
      setTimeout(next, 5);
    };
    next();
  });
}

describe('readBody', () => {
  it('joins a chunked body that stays under the limit', async () => {
    expect(await send(['{"a":', '"b"', '}'])).toBe('ok:{"a":"b"}');
  });

  it('fails with BodyTooLargeError once a chunked body passes the limit, without a content-length', async () => {
    await send(['x'.repeat(40), 'y'.repeat(40), 'z'.repeat(40)]);
    await expect(outcomes.at(-1)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('fails (does not hang) when the client goes away mid-body', async () => {
    await send(['{"a":', '"b"}'], true);
    await expect(outcomes.at(-1)).rejects.toThrow(/prematurely|aborted/);
  });
});
