import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { waitFor, within } from '../helpers/live.js';
import { TENANT_KEY, useStack } from '../helpers/stack.js';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const BODY = JSON.stringify({ query: `{ workspace(name: "${DEMO_WORKSPACE}") { name } }` });

interface RawClient {
  socket: Socket;
  received: () => string;
  closed: Promise<number>;
}

/** A raw TCP client: the test decides when each byte goes. `closed` resolves with the time the server closed it. */
function rawClient(url: string): RawClient {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  return { socket, received: () => Buffer.concat(chunks).toString('latin1'), closed };
}

/** Writes one byte of `text` every `everyMs` until the socket closes or the text is out. */
function dribble(client: RawClient, text: string, everyMs: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (client.socket.destroyed || at >= text.length) return clearInterval(timer);
    client.socket.write(text[at++]!);
  }, everyMs);
  client.socket.on('close', () => clearInterval(timer));
}

describe('client timeouts (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS)', () => {
  const stack = useStack(
    { env: { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } },
    { clearFaults: true },
  );
  const clients: RawClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.destroy();
  });

  it('answers an authenticated client dribbling its body 408 within the request timeout, logs it, and serves others meanwhile', async () => {
    const client = rawClient(stack.gateway.url);
    clients.push(client);
    const startedAt = Date.now();
    client.socket.write(
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nAuthorization: Bearer ${TENANT_KEY}\r\nContent-Length: ${BODY.length}\r\n\r\n`,
    );
    dribble(client, BODY, 100);

    // A normal client is not held up while the slow one dribbles.
    const normal = await stack.gql(`{ workspace(name: "${DEMO_WORKSPACE}") { name } }`);
    expect(normal.status).toBe(200);
    expect(normal.body.data?.workspace).toEqual({ name: DEMO_WORKSPACE });

    const closedAt = await within('the server to close the slow request', client.closed, REQUEST_TIMEOUT_MS + 4_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    // Node checks expiry every second (connectionsCheckingInterval), so the answer comes in [timeout, timeout + 1 s + slack).
    expect(closedAt - startedAt).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(closedAt - startedAt).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
    await waitFor('the 408 log line', () => stack.logs.some((line) => line.includes('"msg":"client request timed out"')), 2_000);
    const line = JSON.parse(stack.logs.find((l) => l.includes('"msg":"client request timed out"'))!);
    expect(line).toMatchObject({ level: 'warn', status: 408, code: 'ERR_HTTP_REQUEST_TIMEOUT', requestTimeoutMs: REQUEST_TIMEOUT_MS });
    expect(JSON.stringify(line)).not.toContain(TENANT_KEY);
  });

  it('answers headers that never end 408 within the headers timeout', async () => {
    const client = rawClient(stack.gateway.url);
    clients.push(client);
    const startedAt = Date.now();
    dribble(client, `POST /graphql HTTP/1.1\r\nHost: gateway\r\nX-Padding: ${'a'.repeat(200)}\r\n`, 50);
    const closedAt = await within('the server to close the slow headers', client.closed, HEADERS_TIMEOUT_MS + 4_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(closedAt - startedAt).toBeLessThan(HEADERS_TIMEOUT_MS + 2_500);
  });

  it('does not cut a request whose body arrived in time but whose answer takes longer than the request timeout', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /^\/api\//, fault: { kind: 'delay', delayMs: REQUEST_TIMEOUT_MS + 500 } });
    const slow = await stack.gql(`{ workspace(name: "${DEMO_WORKSPACE}") { name } }`);
    expect(slow.status).toBe(200);
    expect(slow.body.data?.workspace).toEqual({ name: DEMO_WORKSPACE });
  });
});
