import { describe, expect, it } from 'vitest';
import type { Fault } from '../../src/dev/emulator/index.js';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL } from '../helpers/http.js';
import { TENANT_KEY, callsTo, useStack } from '../helpers/stack.js';

const faults: Array<[string, Fault]> = [
  ['503', { kind: 'status', status: 503, body: {}, headers: { 'retry-after': '1' } }],
  ['500', { kind: 'status', status: 500, body: {}, headers: { 'retry-after': '1' } }],
  ['429 with Retry-After: 1', { kind: 'status', status: 429, body: {}, headers: { 'retry-after': '1' } }],
  ['a timeout (hang)', { kind: 'hang' }],
  ['a connection reset', { kind: 'reset' }],
];

const CANCEL = /* GraphQL */ `
  mutation Cancel($input: CancelAnalysisInput!) { cancelAnalysis(input: $input) { cancelled } }
`;

describe('a mutation reaches the vendor at most once per request, though GETs are retried', () => {
  // Read retries stay on (the default, 2) so that this proves they never apply to writes; the breaker
  // is raised so the burst of failures below cannot open it.
  const stack = useStack({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_BREAKER_FAILURES: '1000' } }, { clearRequests: true, clearFaults: true });

  it.each(faults)('does not retry the analyze POST after %s', async (_name, fault) => {
    stack.emulator.injectFault({ method: 'POST', path: /\/index$/, times: 3, fault });
    const res = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), { authorization: `Bearer ${TENANT_KEY}` });
    expect(res.json.errors?.[0]?.extensions?.retryable).toBe(true);
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
  });

  it('does not retry the cancelling POST after a 503', async () => {
    stack.emulator.injectFault({ method: 'POST', path: /\/index\/cancel$/, times: 3, fault: { kind: 'status', status: 503 } });
    const input = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID) };
    const res = await stack.gql(CANCEL, { input });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(callsTo(stack.emulator, 'POST', '/index/cancel')).toHaveLength(1);
  });
});
