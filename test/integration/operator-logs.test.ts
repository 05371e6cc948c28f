import { describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL } from '../helpers/http.js';
import { follow } from '../helpers/live.js';
import { OTHER_TENANT_KEY, TENANT_KEY, useStack } from '../helpers/stack.js';

/** Log lines an operator debugs with: levels of vendor failures, ids on poll failures, replays, the circuit. */
type Line = Record<string, any>;
const VIEWER_ASSET = `query A($w: String!, $p: ID!, $a: ID!) { workspace(name: $w) { name } asset(workspaceName: $w, projectId: $p, assetId: $a) { assetId } }`;

describe('operator logs', () => {
  // globex points at a port nothing listens on: its calls are refused connections.
  const stack = useStack(
    { env: { MI_POLL_INTERVAL_MS: '100', UPSTREAM_READ_RETRIES: '0' }, globex: { baseUrl: 'http://127.0.0.1:1' } },
    { clearRequests: true, clearFaults: true },
  );
  const lines = (from: number): Line[] => stack.logs.slice(from).map((line) => JSON.parse(line) as Line);
  const upstreamLines = (from: number) => lines(from).filter((line) => line.msg === 'upstream call');

  it('writes vendor 5xx and 429 at warn, 401 at error, client-caused 404 at info', async () => {
    for (const [status, level] of [
      [503, 'warn'],
      [429, 'warn'],
      [401, 'error'],
      [404, 'info'],
    ] as const) {
      stack.emulator.clearFaults();
      stack.emulator.injectFault({ method: 'POST', fault: { kind: 'status', status, body: { error: { errorCode: '200', message: 'x' } } } });
      const from = stack.logs.length;
      await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), { authorization: `Bearer ${TENANT_KEY}` });
      const [line] = upstreamLines(from);
      expect(line, `status ${status}`).toMatchObject({ level, upstream: { status, tenantId: 'acme' } });
    }
  });

  it('writes a refused connection at warn, with its cause', async () => {
    const from = stack.logs.length;
    await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), { authorization: `Bearer ${OTHER_TENANT_KEY}` });
    const [line] = upstreamLines(from);
    expect(line).toMatchObject({ level: 'warn', upstream: { status: null, tenantId: 'globex', errorCode: 'UPSTREAM_UNAVAILABLE' } });
  });

  it('logs no "circuit closed" for an origin whose circuit never opened', async () => {
    const res = await stack.gql(VIEWER_ASSET, { w: DEMO_WORKSPACE, p: String(DEMO_PROJECT_ID), a: String(DEMO_ASSET_ID) });
    expect(res.body.errors).toBeUndefined();
    expect(stack.logs.filter((line) => line.includes('circuit closed'))).toEqual([]);
  });

  it('names tenant, asset and request id on "analysis status poll failed"', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /status$/, fault: { kind: 'status', status: 503 } });
    const from = stack.logs.length;
    const f = follow(
      stack.gateway.url,
      { authorization: `Bearer ${TENANT_KEY}` },
      { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_TRAILERS_PROJECT_ID), assetId: String(DEMO_TRAILER_ASSET_ID) },
    );
    try {
      await expect.poll(() => lines(from).filter((line) => line.msg === 'analysis status poll failed').length, { timeout: 5_000 }).toBeGreaterThan(0);
      const failed = lines(from).find((line) => line.msg === 'analysis status poll failed')!;
      expect(failed).toMatchObject({
        level: 'warn',
        tenantId: 'acme',
        workspaceName: DEMO_WORKSPACE,
        projectId: String(DEMO_TRAILERS_PROJECT_ID),
        assetId: String(DEMO_TRAILER_ASSET_ID),
        code: 'UPSTREAM_UNAVAILABLE',
      });
      expect(failed.requestId).toMatch(/\S/);
    } finally {
      await f.dispose();
    }
  });

  it('an idempotent replay logs its tenant and operation type, on its own line and its request line', async () => {
    const headers = { authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': 'operator-logs-1' };
    expect((await postGraphQL(stack.gateway.url, analyzeBody(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), headers)).status).toBe(200);
    const from = stack.logs.length;
    const again = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const replay = lines(from).find((line) => line.msg === 'idempotent replay');
    expect(replay).toMatchObject({ level: 'info', tenantId: 'acme', operationType: 'mutation', operationName: 'Analyze' });
    expect(lines(from).find((line) => line.msg === 'graphql request')).toMatchObject({ tenantId: 'acme', operationType: 'mutation', operationName: 'Analyze' });
  });
});
