import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, useStack } from '../helpers/stack.js';

const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }
`;
const STATUS = /* GraphQL */ `
  query Status($w: String!, $p: ID!, $a: ID!) { analysisStatus(workspaceName: $w, projectId: $p, assetId: $a) { status } }
`;
const ASSET_STATUS = /* GraphQL */ `
  query Asset($w: String!, $p: ID!, $a: ID!) { asset(workspaceName: $w, projectId: $p, assetId: $a) { analysisStatus { status } } }
`;

const input = (extra: Record<string, unknown> = {}) => ({
  workspaceName: DEMO_WORKSPACE,
  projectId: String(DEMO_PROJECT_ID),
  assetId: String(DEMO_ASSET_ID),
  analysisPersonCount: 1,
  ...extra,
});
const tags = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

describe('input validation before any upstream call', () => {
  const stack = useStack({}, { clearRequests: true });
  beforeAll(() => {
    // Every accepted analyzeAsset would meet a 409 on the second try; answer each POST with a fresh index.
    stack.emulator.injectFault({
      method: 'POST',
      path: /\/index$/,
      fault: {
        kind: 'status',
        status: 200,
        body: { code: '0', message: 'success', result: { id: 1, createdTime: '2025-01-01T00:00:00', createdUserName: 'u' } },
      },
    });
  });

  async function expectBadInput(vars: Record<string, unknown>, query = ANALYZE) {
    const res = await stack.gql(query, vars);
    expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
    expect(stack.emulator.requests).toEqual([]);
    return res;
  }

  it.each([-1, 11, 100, -2147483648])('rejects analysisPersonCount %d', async (count) => {
    const res = await expectBadInput({ input: input({ analysisPersonCount: count }) });
    expect(res.body.errors![0]!.extensions!.field).toBe('analysisPersonCount');
  });

  it('rejects 31 tagIds', async () => {
    const res = await expectBadInput({ input: input({ tagIds: tags(31) }) });
    expect(res.body.errors![0]!.message).toMatch(/at most 30/);
  });

  it.each(['0', '-1', 'abc', '1.5', '99999999999999999999', '9007199254740993', '', ' 1', '1e3', '0x10', '01'])('rejects tagId %j', async (tag) => {
    const res = await expectBadInput({ input: input({ tagIds: ['7', tag] }) });
    expect(res.body.errors![0]!.extensions!.field).toBe('tagIds');
  });

  const badIds = [
    'a/b',
    '/',
    'a?b',
    '?',
    'a#b',
    '#',
    '..',
    '../x',
    'a..b',
    '%2e',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%',
    'a b',
    ' ',
    '',
    'ünïcödé',
    '작업공간',
    'a\u0000b',
    'a\nb',
    '.',
    'a\\b',
    'x'.repeat(129),
  ];
  for (const field of ['workspaceName', 'projectId', 'assetId'] as const) {
    it.each(badIds)(`rejects ${field} %j in analyzeAsset`, async (value) => {
      const res = await expectBadInput({ input: input({ [field]: value }) });
      expect(res.body.errors![0]!.extensions!.field).toBe(field);
    });
  }

  it.each(badIds)('rejects a path identifier %j in analysisStatus and asset.analysisStatus', async (value) => {
    await expectBadInput({ w: DEMO_WORKSPACE, p: value, a: String(DEMO_ASSET_ID) }, STATUS);
    await expectBadInput({ w: value, p: String(DEMO_PROJECT_ID), a: String(DEMO_ASSET_ID) }, ASSET_STATUS);
  });

  it('rejects a non-integer or out-of-range analysisPersonCount at the GraphQL layer, still with no upstream call', async () => {
    for (const count of [1.5, '3', 2 ** 31]) {
      const res = await stack.gql(ANALYZE, { input: input({ analysisPersonCount: count }) });
      expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.emulator.requests).toEqual([]);
  });

  it.each([0, 10])('accepts analysisPersonCount %d', async (count) => {
    const res = await stack.gql(ANALYZE, { input: input({ analysisPersonCount: count }) });
    expect(res.body.errors).toBeUndefined();
    expect(callsTo(stack.emulator, 'POST', '/index').map((c) => c.body)).toEqual([{ analysisPersonCount: count }]);
  });

  it('accepts 30 tagIds, including the largest safe integer, and sends them as integers', async () => {
    const ids = [...tags(29), String(Number.MAX_SAFE_INTEGER)];
    const res = await stack.gql(ANALYZE, { input: input({ tagIds: ids }) });
    expect(res.body.errors).toBeUndefined();
    const [call] = callsTo(stack.emulator, 'POST', '/index');
    expect(call!.body).toEqual({ analysisPersonCount: 1, tagIdList: ids.map(Number) });
  });

  it('accepts ids given as GraphQL integers and path ids made of unreserved characters', async () => {
    const res = await stack.gql(ANALYZE, { input: input({ workspaceName: 'ws-1.a_b~c', tagIds: [5, 6] }) });
    expect(res.body.errors).toBeUndefined();
    const [call] = callsTo(stack.emulator, 'POST', '/index');
    expect(call!.target).toBe(`/api/v1/workspaces/ws-1.a_b~c/projects/${DEMO_PROJECT_ID}/assets/${DEMO_ASSET_ID}/index`);
    expect(call!.body).toEqual({ analysisPersonCount: 1, tagIdList: [5, 6] });
  });
});
