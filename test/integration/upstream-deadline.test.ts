import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { startStack, useStack, type Stack } from '../helpers/stack.js';

const ANALYZE = /* GraphQL */ `
  mutation { analyzeAsset(input: { workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}", analysisPersonCount: 1 }) { id } }
`;

/** An upstream that answers 200 at once, then drips its body one byte every 100 ms (each gap well under the timeout). */
async function startDrippingUpstream(): Promise<{ url: string; posts: number; close(): Promise<void> }> {
  const state = { posts: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST') state.posts += 1;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    const body = Buffer.from(JSON.stringify({ code: '0', message: 'success', result: { id: 1, createdTime: '2026-01-01T00:00:00', createdUserName: 'u' } }));
    let at = 0;
    const timer = setInterval(() => {
      if (at >= body.length || res.destroyed) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(body.subarray(at, at + 1));
      at += 1;
    }, 100);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get posts() {
      return state.posts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('one deadline for a whole upstream answer', () => {
  let stack: Stack;
  let upstream: Awaited<ReturnType<typeof startDrippingUpstream>>;
  beforeAll(async () => {
    upstream = await startDrippingUpstream();
    stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: '500' }, acme: { baseUrl: upstream.url } });
  });
  afterAll(async () => {
    await stack.close();
    await upstream.close();
  });

  it('answers UPSTREAM_TIMEOUT when the body keeps dripping past UPSTREAM_TIMEOUT_MS, after one POST', async () => {
    const res = await stack.gql(ANALYZE);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', retryable: true });
    expect(upstream.posts).toBe(1);
    expect(stack.logs.some((line) => line.includes('"upstream call"') && line.includes('"cause":"TimeoutError"'))).toBe(true);
  });
});

describe('an error answer larger than the response cap', () => {
  const stack = useStack({ env: { UPSTREAM_MAX_RESPONSE_BYTES: '1024' } });

  it('still maps by its status, with extensions.upstream', async () => {
    stack.emulator.injectFault({ method: 'POST', times: 1, fault: { kind: 'status', status: 404, rawBody: 'x'.repeat(5000) } });
    const res = await stack.gql(ANALYZE);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', retryable: false, upstream: { status: 404, code: null } });
  });

  it('a success too large to read is UPSTREAM_UNAVAILABLE with extensions.upstream', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      times: 1,
      fault: { kind: 'status', status: 200, rawBody: `{"code":"0","result":{"id":1,"pad":"${'x'.repeat(5000)}"}}` },
    });
    const res = await stack.gql(ANALYZE);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: { status: 200, code: null } });
  });
});
