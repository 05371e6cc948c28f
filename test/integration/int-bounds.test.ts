import { describe, expect, it } from 'vitest';
import { DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { GRAPHQL_INT_MAX } from '../../src/resolvers/validate/asset-input.js';
import { useStack } from '../helpers/stack.js';

/** A vendor answer carrying counts GraphQL's 32-bit Int cannot hold. */
const vendorOk = (result: unknown) => ({ kind: 'status' as const, status: 200, body: { code: '0', message: 'success', result } });
const warnings = (logs: string[], field: string) =>
  logs
    .map((line) => JSON.parse(line) as { level: string; field?: string; vendorValue?: number })
    .filter((line) => line.level === 'warn' && line.field === field);

describe('32-bit Int bounds: paging input and vendor counts', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });

  it('refuses page * pageSize beyond Int with BAD_USER_INPUT before any upstream call', async () => {
    for (const query of [
      `{ workspaces(page: ${GRAPHQL_INT_MAX}, pageSize: 1000) { totalCount } }`,
      `{ workspaces(page: 2147484, pageSize: 1000) { totalCount } }`,
      `{ workspace(name: "${DEMO_WORKSPACE}") { project(id: "${DEMO_PROJECT_ID}") { assets(page: 1073741824, pageSize: 2) { totalCount } } } }`,
    ]) {
      const res = await stack.gql(query);
      expect(res.body.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(/page \* pageSize must be at most 2147483647/);
    }
    expect(stack.emulator.requests.filter((r) => r.target.includes('pageNum') || r.target.includes('/assets'))).toEqual([]);
  });

  it('accepts the largest page whose items still fit in Int', async () => {
    const res = await stack.gql(`{ workspaces(page: 2147483, pageSize: 1000) { totalCount totalPages page pageSize nodes { name } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.workspaces).toMatchObject({ page: 2147483, pageSize: 1000, nodes: [] });
  });

  it('clamps vendor page counters beyond Int to the largest Int, with a warning, never a 500', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: /^\/api\/v1\/workspaces\?/,
      fault: vendorOk({ content: [{ workspaceName: DEMO_WORKSPACE }], totalCount: 5e9, totalPage: 5e9, pageNo: 1, pageSize: 1 }),
    });
    stack.emulator.injectFault({ method: 'GET', path: /\/assets\?/, fault: vendorOk({ content: [], totalCount: '9000000000', pageSize: 10 }) });
    const res = await stack.gql(`{
      workspaces(page: 1, pageSize: 1) { totalCount totalPages page pageSize nodes { name } }
      workspace(name: "${DEMO_WORKSPACE}") { project(id: "${DEMO_PROJECT_ID}") { assets(page: 1, pageSize: 10) { totalCount totalPages } } }
    }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.workspaces).toEqual({
      totalCount: GRAPHQL_INT_MAX,
      totalPages: GRAPHQL_INT_MAX,
      page: 1,
      pageSize: 1,
      nodes: [{ name: DEMO_WORKSPACE }],
    });
    // totalPages derived from the vendor's 9e9 (900 000 000 pages) fits; the count itself is clamped.
    expect(res.body.data?.workspace.project.assets).toEqual({ totalCount: GRAPHQL_INT_MAX, totalPages: 900_000_000 });
    expect(warnings(stack.logs, 'WorkspacePage.totalCount').at(-1)).toMatchObject({ vendorValue: 5e9 });
    expect(warnings(stack.logs, 'AssetPage.totalCount').at(-1)).toMatchObject({ vendorValue: 9e9 });
  });

  it('answers a monthlyAnalysisCount beyond Int as null, with a warning, and the rest of the workspace', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: `/api/v1/workspaces/${DEMO_WORKSPACE}`,
      fault: vendorOk({ workspaceName: DEMO_WORKSPACE, monthlyAnalysisCount: 3e9, bucketName: 'demo-bucket' }),
    });
    const res = await stack.gql(`{ workspace(name: "${DEMO_WORKSPACE}") { name bucketName monthlyAnalysisCount } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.workspace).toEqual({ name: DEMO_WORKSPACE, bucketName: 'demo-bucket', monthlyAnalysisCount: null });
    expect(warnings(stack.logs, 'Workspace.monthlyAnalysisCount').at(-1)).toMatchObject({ vendorValue: 3e9 });
  });
});
