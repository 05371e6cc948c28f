import { describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_INDEX_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { postGraphQL } from '../helpers/http.js';
import { callsTo, TENANT_KEY, useStack } from '../helpers/stack.js';

const DELETE = /* GraphQL */ `
  mutation Delete($input: AssetRefInput!) { deleteLatestIndex(input: $input) { accepted asset { assetId latestIndex { id } } } }
`;
const ref = (assetId: number | string) => ({ workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(assetId) });
const body = (assetId: number) => ({ query: DELETE, operationName: 'Delete', variables: { input: ref(assetId) } });
const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const indexList = (indexes: Array<{ indexId: number | string; createdTime: string }>) => ({
  kind: 'status' as const,
  status: 200,
  body: { code: '0', message: 'success', result: { totalCount: indexes.length, indexes: indexes.map((i) => ({ ...i, type: 'VIDEO' })) } },
});

describe('deleteLatestIndex (default: DELETE …/assets/{id}/index)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });

  it('deletes the latest index with one DELETE; a keyed retry replays; a new request is NOT_FOUND', async () => {
    const headers = { ...AUTH, 'idempotency-key': 'delete-5001' };
    const first = await postGraphQL(stack.gateway.url, body(DEMO_ANALYSED_ASSET_ID), headers);
    expect(first.json).toEqual({ data: { deleteLatestIndex: { accepted: true, asset: { assetId: String(DEMO_ANALYSED_ASSET_ID), latestIndex: null } } } });
    const replay = await postGraphQL(stack.gateway.url, body(DEMO_ANALYSED_ASSET_ID), headers);
    expect(replay.text).toBe(first.text);
    expect(callsTo(stack.emulator, 'DELETE', `/assets/${DEMO_ANALYSED_ASSET_ID}/index`)).toHaveLength(1);

    const again = await stack.gql(DELETE, { input: ref(DEMO_ANALYSED_ASSET_ID) });
    expect(again.body.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', retryable: false, upstream: { status: 404 } });
    expect(callsTo(stack.emulator, 'GET', '/indexes')).toHaveLength(1); // only the selected latestIndex of the first answer
  });

  it('is never retried: a 503 answers UPSTREAM_UNAVAILABLE after one DELETE', async () => {
    stack.emulator.injectFault({ method: 'DELETE', path: /\/index$/, times: 3, fault: { kind: 'status', status: 503 } });
    const res = await stack.gql(DELETE, { input: ref(DEMO_ASSET_ID) });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(callsTo(stack.emulator, 'DELETE', '/index')).toHaveLength(1);
  });

  it('validates the ids before any upstream call', async () => {
    const res = await stack.gql(DELETE, { input: ref('../5001') });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('deleteLatestIndex with MI_ANALYZE_ENDPOINT=analyze (list, then DELETE …/indexes/{newest})', () => {
  const stack = useStack({ env: { MI_ANALYZE_ENDPOINT: 'analyze' } }, { clearRequests: true, clearFaults: true });

  it('deletes the newest by createdTime, then by the largest id', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: /\/indexes$/,
      times: 1,
      fault: indexList([
        { indexId: 9, createdTime: '2026-03-02T09:00:00' },
        { indexId: 10, createdTime: '2026-03-02T09:00:00' },
        { indexId: 11, createdTime: '2026-03-01T09:00:00' },
      ]),
    });
    stack.emulator.injectFault({
      method: 'DELETE',
      path: /\/indexes\/10$/,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success' } },
    });
    const res = await stack.gql(DELETE, { input: ref(DEMO_ASSET_ID) });
    expect(res.body.errors).toBeUndefined();
    expect(callsTo(stack.emulator, 'DELETE', '').map((r) => r.target.split('/').at(-1))).toEqual(['10']);
  });

  it('deletes the seeded index through the emulator, then answers NOT_FOUND with no DELETE', async () => {
    const res = await stack.gql(DELETE, { input: ref(DEMO_ANALYSED_ASSET_ID) });
    expect(res.body.data!.deleteLatestIndex).toEqual({ accepted: true, asset: { assetId: String(DEMO_ANALYSED_ASSET_ID), latestIndex: null } });
    expect(callsTo(stack.emulator, 'DELETE', '').map((r) => r.target.split('/').at(-1))).toEqual([String(DEMO_INDEX_ID)]);

    stack.emulator.clearRequests();
    const none = await stack.gql(DELETE, { input: ref(DEMO_ANALYSED_ASSET_ID) });
    expect(none.body.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    expect(callsTo(stack.emulator, 'DELETE', '')).toEqual([]);
    expect(callsTo(stack.emulator, 'GET', '/indexes')).toHaveLength(1);
  });

  it('a 409 on the DELETE is ANALYSIS_IN_PROGRESS', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /\/indexes$/, times: 1, fault: indexList([{ indexId: 7, createdTime: '2026-03-02T09:00:00' }]) });
    stack.emulator.injectFault({
      method: 'DELETE',
      path: /\/indexes\/7$/,
      times: 1,
      fault: { kind: 'status', status: 409, body: { code: '409', message: 'Cannot delete index while analysis is in progress' } },
    });
    const res = await stack.gql(DELETE, { input: ref(DEMO_ASSET_ID) });
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'ANALYSIS_IN_PROGRESS', retryable: true, upstream: { status: 409, code: '409' } });
  });
});
