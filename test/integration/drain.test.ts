import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { TENANT_KEY, callsTo, startStack, type Stack } from '../helpers/stack.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) { analyzeAsset(input: $input) { id createdBy } }
`;
const BODY = JSON.stringify({
  query: ANALYZE,
  variables: { input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID), analysisPersonCount: 1 } },
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits the bytes of HTTP/1.1 responses with content-length bodies (all this gateway sends here). */
function parseResponses(raw: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length']);
    out.push({ status: Number(statusLine!.split(' ')[1]), headers, body: rest.subarray(end + 4, end + 4 + length).toString('utf8') });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('graceful stop while a request is in flight', () => {
  let stack: Stack;
  let proxy: TcpProxy;
  let socket: Socket | undefined;
  beforeAll(async () => {
    // The tenant reaches the emulator through a relay that tells us when the call has left the gateway.
    proxy = await startTcpProxy();
    stack = await startStack({ acme: { baseUrl: proxy.url } });
    proxy.target = stack.emulator.url;
  });
  afterAll(async () => {
    socket?.destroy();
    await stack.close(); // stop() is idempotent
    await proxy.close();
  });

  it('turns /readyz 503, finishes the in-flight mutation with data, refuses new work, and resolves stop()', async () => {
    stack.emulator.injectFault({ method: 'POST', path: /\/index$/, fault: { kind: 'delay', delayMs: 500 } });
    const ready = await fetch(`${stack.gateway.url}/readyz`);
    expect(ready.status).toBe(200);

    const { port } = new URL(stack.gateway.url);
    socket = connect(Number(port), '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket!.on('close', () => resolve()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nAuthorization: Bearer ${TENANT_KEY}\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`,
    );
    await within(proxy.firstData, 10_000, 'the upstream call');

    const stopped = stack.gateway.stop();
    // Pipelined on the busy connection, which the drain must keep open: answered while draining.
    socket.write('GET /readyz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    // A new connection after stop() began: refused, or answered 503.
    const late = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TENANT_KEY}` },
      body: BODY,
      signal: AbortSignal.timeout(10_000),
    }).then(
      (res) => res.status,
      (error: unknown) => (error as { cause?: { code?: string } }).cause?.code ?? String(error),
    );
    expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 503]).toContain(late);

    await within(closed, 10_000, 'the server closing the drained connection');
    await within(stopped, 10_000, 'stop()');

    const [mutation, readyz, ...more] = parseResponses(Buffer.concat(received));
    expect(more).toEqual([]);
    expect(mutation!.status).toBe(200);
    const result = JSON.parse(mutation!.body);
    expect(result.errors).toBeUndefined();
    expect(result.data.analyzeAsset).toMatchObject({ id: expect.stringMatching(/^\d+$/), createdBy: 'demo-user' });
    expect(readyz!.status).toBe(503);
    expect(JSON.parse(readyz!.body)).toEqual({ status: 'draining' });
    expect(readyz!.headers.connection).toBe('close');
    // Only the in-flight mutation reached the vendor.
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
  });
});
