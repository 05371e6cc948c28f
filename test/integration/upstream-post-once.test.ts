import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID } from '../../src/emulator/seed.js';
import { analyzeBody } from '../helpers/analyze-body.js';
import { postGraphQL } from '../helpers/http.js';
import { TENANT_KEY, callsTo, startStack, type Stack } from '../helpers/stack.js';

describe('a mutation reaches the vendor at most once per request', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it.each([503, 500, 429])('does not retry the analyze POST after an upstream %i', async (status) => {
    stack.emulator.clearRequests();
    stack.emulator.injectFault({ method: 'POST', path: /\/analyze$/, times: 3, fault: { kind: 'status', status, body: {}, headers: { 'retry-after': '1' } } });
    const res = await postGraphQL(stack.gateway.url, analyzeBody(DEMO_ASSET_ID), { authorization: `Bearer ${TENANT_KEY}` });
    stack.emulator.clearFaults();
    expect(res.json.errors?.[0]?.extensions?.retryable).toBe(true);
    expect(callsTo(stack.emulator, 'POST', '/analyze')).toHaveLength(1);
  });
});
