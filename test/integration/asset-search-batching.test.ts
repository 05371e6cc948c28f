import { describe, expect, it } from 'vitest';
import { DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { DEFAULT_MAX_CONCURRENT_GETS_PER_TENANT } from '../../src/loaders/create-loaders.js';
import { useStack } from '../helpers/stack.js';

const DELAY_MS = 120;
const ASSETS = 20;
const NAMES = /* GraphQL */ `
  query Names($ws: String!, $id: ID!) { assetSearch(workspaceName: $ws, id: $id) { results { nodes { asset { assetId fileName } } } } }
`;
const ONLY_IDS = /* GraphQL */ `
  query Ids($ws: String!, $id: ID!) { assetSearch(workspaceName: $ws, id: $id) { results { nodes { indexId asset { assetId projectId } } } } }
`;
/** 50 hits over 20 distinct assets (ids that need no seed: the asset reads answer 404, which is enough to count them). */
const page = {
  kind: 'status' as const,
  status: 200,
  body: {
    code: '0',
    message: 'success',
    result: {
      status: 'COMPLETED',
      totalCount: 50,
      results: Array.from({ length: 50 }, (_, i) => ({ projectId: DEMO_PROJECT_ID, assetId: 7000 + (i % ASSETS), indexId: 1 })),
    },
  },
};

describe('a search page of 50 hits (N+1)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });

  it('costs one GET when the client asks only for what the hits carry', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /\/assets\/search\//, times: 1, fault: page });
    const res = await stack.gql(ONLY_IDS, { ws: DEMO_WORKSPACE, id: 's1' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.assetSearch.results.nodes).toHaveLength(50);
    expect(stack.emulator.requests).toHaveLength(1);
  });

  it('costs one GET per distinct asset for fields the hits lack, never more than the per-tenant cap at once', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /\/assets\/search\//, times: 1, fault: page });
    stack.emulator.injectFault({ method: 'GET', path: /\/assets\/\d+$/, fault: { kind: 'delay', delayMs: DELAY_MS } });
    await stack.gql(NAMES, { ws: DEMO_WORKSPACE, id: 's1' });
    const reads = stack.emulator.requests.filter((r) => /\/assets\/\d+$/.test(r.target));
    expect(new Set(reads.map((r) => r.target)).size).toBe(ASSETS);
    expect(reads).toHaveLength(ASSETS);
    // Each read is held DELAY_MS at the emulator: more than the cap arriving within one hold would mean no cap.
    const arrivals = reads.map((r) => r.at).sort((a, b) => a - b);
    const inOneHold = arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + DELAY_MS - 20).length);
    expect(Math.max(...inOneHold)).toBeLessThanOrEqual(DEFAULT_MAX_CONCURRENT_GETS_PER_TENANT);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(2 * DELAY_MS - 40);
  });
});
