import { describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { TENANT_KEY, gql, useStack, type Stack } from '../helpers/stack.js';

const ANALYZE = /* GraphQL */ `
  mutation AnalyzeForMetrics($input: AnalyzeInput!) {
    analyzeAsset(input: $input) { id }
  }
`;
const input = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID), analysisPersonCount: 1 };

const linesOf = (stack: Stack, requestId: string) =>
  stack.logs.map((line) => JSON.parse(line) as Record<string, any>).filter((entry) => entry.requestId === requestId);

describe('request logging and metrics', () => {
  const stack = useStack();

  it('writes one request line and one upstream line carrying the client x-request-id', async () => {
    const res = await stack.gql(ANALYZE, { input }, { 'x-request-id': 'client-req-42' });
    expect(res.headers.get('x-request-id')).toBe('client-req-42');
    expect(res.body.data?.analyzeAsset.id).toBeTruthy();
    const lines = linesOf(stack, 'client-req-42');
    const request = lines.filter((l) => l.msg === 'graphql request');
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({ tenantId: 'acme', operationName: 'AnalyzeForMetrics', operationType: 'mutation', outcome: 'ok', status: 200 });
    expect(typeof request[0]!.durationMs).toBe('number');
    const upstream = lines.filter((l) => l.msg === 'upstream call');
    expect(upstream).toHaveLength(1);
    expect(upstream[0]!.upstream).toMatchObject({ endpoint: 'index', status: 200, tenantId: 'acme', errorCode: null });
    expect(typeof upstream[0]!.upstream.durationMs).toBe('number');
    // The id reaches the vendor too, for correlation.
    expect(stack.emulator.requests.filter((r) => r.method === 'POST').map((r) => r.requestId)).toEqual(['client-req-42']);
  });

  it('generates an id when none or an invalid one is sent, and logs that one', async () => {
    for (const sent of [undefined, 'x'.repeat(200), 'has spaces in it']) {
      const res = await stack.gql('query Ping { __typename }', undefined, sent === undefined ? {} : { 'x-request-id': sent });
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const request = linesOf(stack, id).filter((l) => l.msg === 'graphql request');
      expect(request).toHaveLength(1);
      expect(request[0]).toMatchObject({ operationName: 'Ping', outcome: 'ok' });
      if (sent !== undefined) expect(stack.logs.join('\n')).not.toContain(sent);
    }
  });

  it('logs refused requests with their error code and never the key', async () => {
    const res = await gql(stack.gateway.url, '{ __typename }', undefined, { authorization: 'Bearer wrong-key-123', 'x-request-id': 'refused-1' });
    expect(res.status).toBe(401);
    const [line] = linesOf(stack, 'refused-1');
    expect(line).toMatchObject({ msg: 'graphql request', tenantId: null, outcome: 'UNAUTHENTICATED', status: 401 });
    expect(stack.logs.join('\n')).not.toContain('wrong-key-123');
    expect(stack.logs.join('\n')).not.toContain(TENANT_KEY);
  });

  it('counts requests, outcomes and upstream calls at GET /metrics, with no ids or keys in labels', async () => {
    const res = await fetch(`${stack.gateway.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^mi_gateway_graphql_requests_total\{operation="AnalyzeForMetrics",outcome="ok",transport="http"\} 1$/m);
    expect(text).toMatch(/^mi_gateway_graphql_requests_total\{operation="Ping",outcome="ok",transport="http"\} 3$/m);
    expect(text).toMatch(/^mi_gateway_graphql_requests_total\{operation="anonymous",outcome="UNAUTHENTICATED",transport="http"\} 1$/m);
    expect(text).toMatch(/^mi_gateway_upstream_calls_total\{endpoint="index",status_class="2xx"\} 1$/m);
    expect(text).toMatch(/^mi_gateway_upstream_call_duration_seconds_count\{endpoint="index"\} 1$/m);
    expect(text).toMatch(/^mi_gateway_graphql_request_duration_seconds_count\{operation="AnalyzeForMetrics",transport="http"\} 1$/m);
    expect(text).toMatch(/^mi_gateway_graphql_requests_in_flight 0$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    for (const forbidden of ['client-req-42', 'refused-1', TENANT_KEY, 'wrong-key-123', 'acme']) expect(text).not.toContain(forbidden);
  });

  it("logs the codes of an answer's errors, and of the edge's refusals after the key, with the tenant", async () => {
    const invalid = await stack.gql('query Broken { nope }', undefined, { 'x-request-id': 'codes-invalid' });
    expect(invalid.status).toBe(400);
    expect(linesOf(stack, 'codes-invalid').find((l) => l.msg === 'graphql request')).toMatchObject({
      tenantId: 'acme',
      outcome: 'GRAPHQL_VALIDATION_FAILED',
    });

    stack.emulator.injectFault({ method: 'POST', path: /\/index$/, times: 1, fault: { kind: 'status', status: 503, body: { error: 'down' } } });
    const faulted = await stack.gql(ANALYZE, { input }, { 'x-request-id': 'codes-vendor' });
    expect(faulted.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(linesOf(stack, 'codes-vendor').find((l) => l.msg === 'graphql request')).toMatchObject({
      tenantId: 'acme',
      operationName: 'AnalyzeForMetrics',
      operationType: 'mutation',
      outcome: 'UPSTREAM_UNAVAILABLE',
    });

    const tooLarge = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TENANT_KEY}`, 'x-request-id': 'codes-large' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2_000_000) } }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(tooLarge.status).toBe(413);
    expect(linesOf(stack, 'codes-large').find((l) => l.msg === 'graphql request')).toMatchObject({
      tenantId: 'acme',
      outcome: 'PAYLOAD_TOO_LARGE',
      status: 413,
    });
  });
});
