import { describe, expect, it } from 'vitest';
import {
  DEMO_ANALYSED_ASSET_ID,
  DEMO_ASSET_ID,
  DEMO_FAILING_ASSET_ID,
  DEMO_INDEX_ID,
  DEMO_PROJECT_ID,
  DEMO_TRAILER_ASSET_ID,
  DEMO_TRAILERS_PROJECT_ID,
  DEMO_UPLOADING_ASSET_ID,
  DEMO_WORKSPACE,
} from '../../src/dev/emulator/seed.js';
import { callsTo, useStack, type Stack } from '../helpers/stack.js';

const TREE = /* GraphQL */ `
  query Tree($name: String!) {
    workspace(name: $name) {
      name bucketName monthlyAnalysisCount createdAt
      projects {
        id name isBaseProject
        assets { totalCount totalPages page nodes { assetId fileName registration { status } analysisStatus { status } latestIndex { id } } }
      }
    }
  }
`;

/** Upstream request-targets asked more than once (the request log, counted by target). */
function duplicates(stack: Stack): string[] {
  const counts = new Map<string, number>();
  for (const r of stack.emulator.requests) counts.set(`${r.method} ${r.target}`, (counts.get(`${r.method} ${r.target}`) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([target]) => target);
}

describe('the read-side graph', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });

  it('walks workspace -> projects -> assets with status and latest index, with no upstream call repeated', async () => {
    const res = await stack.gql(TREE, { name: DEMO_WORKSPACE });
    expect(res.body.errors).toBeUndefined();
    const ws = res.body.data!.workspace;
    expect(ws).toMatchObject({ name: DEMO_WORKSPACE, bucketName: 'demo-bucket', monthlyAnalysisCount: 1 });
    expect(new Date(ws.createdAt).toISOString()).toBe(ws.createdAt);
    const main = ws.projects.find((p: { id: string }) => p.id === String(DEMO_PROJECT_ID));
    expect(main).toMatchObject({ name: 'Default', isBaseProject: true, assets: { totalCount: 4, totalPages: 1, page: 1 } });
    const byId = Object.fromEntries(main.assets.nodes.map((a: { assetId: string }) => [a.assetId, a]));
    expect(byId[DEMO_ANALYSED_ASSET_ID]).toEqual({
      assetId: String(DEMO_ANALYSED_ASSET_ID),
      fileName: 'intro.mp4',
      registration: { status: 'COMPLETED' },
      analysisStatus: { status: 'ANALYZE_COMPLETED' },
      latestIndex: { id: String(DEMO_INDEX_ID) },
    });
    expect(byId[DEMO_UPLOADING_ASSET_ID]).toMatchObject({
      registration: { status: 'IN_PROGRESS' },
      analysisStatus: { status: 'BEFORE_ANALYZE' },
      latestIndex: null,
    });
    expect(ws.projects.find((p: { id: string }) => p.id === String(DEMO_TRAILERS_PROJECT_ID)).assets.nodes.map((a: { assetId: string }) => a.assetId)).toEqual([
      String(DEMO_TRAILER_ASSET_ID),
    ]);

    expect(duplicates(stack)).toEqual([]);
    // One workspace read, one project list, one asset list per project, and per asset (5) at most one
    // import-status, one analysis status and one index list.
    expect(callsTo(stack.emulator, 'GET', `/workspaces/${DEMO_WORKSPACE}`)).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', '/projects')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', '/assets')).toHaveLength(2);
    expect(callsTo(stack.emulator, 'GET', '/index/status')).toHaveLength(5);
    expect(callsTo(stack.emulator, 'GET', '/import-status')).toHaveLength(5);
    expect(callsTo(stack.emulator, 'GET', '/indexes')).toHaveLength(5);
    expect(stack.emulator.requests).toHaveLength(1 + 1 + 2 + 3 * 5);
    expect(stack.emulator.requests.every((r) => r.signatureValid && r.accessKey === 'ACMEACCESSKEY0001')).toBe(true);
  });

  it("keeps a failed read local: one asset's registration is null with a retryable error, the tree stands", async () => {
    stack.emulator.injectFault({ method: 'GET', path: new RegExp(`/assets/${DEMO_ASSET_ID}/import-status$`), fault: { kind: 'status', status: 503 } });
    const res = await stack.gql(TREE, { name: DEMO_WORKSPACE });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstream: { status: 503 } });
    const nodes = res.body.data!.workspace.projects[0].assets.nodes;
    expect(nodes.find((a: { assetId: string }) => a.assetId === String(DEMO_ASSET_ID)).registration).toBeNull();
    expect(nodes.find((a: { assetId: string }) => a.assetId === String(DEMO_ANALYSED_ASSET_ID)).registration).toEqual({ status: 'COMPLETED' });
    // A GET that keeps failing with 503 is tried UPSTREAM_READ_RETRIES (2) more times, then answered as failed.
    expect(callsTo(stack.emulator, 'GET', `/assets/${DEMO_ASSET_ID}/import-status`)).toHaveLength(3);
  });

  it('reads the same asset twice in one query (aliases) with one call per resource', async () => {
    const res = await stack.gql(
      /* GraphQL */ `
      query Twice($aid: ID!) {
        a: asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $aid) { fileName analysisStatus { status indexId } registration { status message } }
        b: asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $aid) { fileName analysisStatus { status } latestIndex { id } indexes { id } }
        c: analysisStatus(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $aid) { status }
      }
    `,
      { aid: String(DEMO_ANALYSED_ASSET_ID) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.a).toEqual({
      fileName: 'intro.mp4',
      analysisStatus: { status: 'ANALYZE_COMPLETED', indexId: String(DEMO_INDEX_ID) },
      registration: { status: 'COMPLETED', message: 'Upload completed' },
    });
    expect(res.body.data!.b.latestIndex).toEqual({ id: String(DEMO_INDEX_ID) });
    expect(duplicates(stack)).toEqual([]);
    // asset details, index/status, import-status, indexes: four resources, four calls.
    expect(stack.emulator.requests).toHaveLength(4);
  });

  it('caches nothing across requests', async () => {
    const query = `{ asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}") { analysisStatus { status } } }`;
    await stack.gql(query);
    await stack.gql(query);
    expect(callsTo(stack.emulator, 'GET', '/index/status')).toHaveLength(2);
  });

  it('pages workspaces and assets and rejects bad paging before any upstream call', async () => {
    const res = await stack.gql(/* GraphQL */ `{
      workspaces(page: 1, pageSize: 10) { totalCount totalPages page pageSize nodes { name url createdBy } }
      workspace(name: "${DEMO_WORKSPACE}") { project(id: "${DEMO_PROJECT_ID}") { name assets(page: 2, pageSize: 3) { totalCount totalPages page pageSize nodes { assetId } } } }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workspaces).toMatchObject({
      totalCount: 1,
      totalPages: 1,
      page: 1,
      pageSize: 10,
      nodes: [{ name: DEMO_WORKSPACE, createdBy: 'demo-user' }],
    });
    expect(res.body.data!.workspace.project.assets).toMatchObject({ totalCount: 4, totalPages: 2, page: 2, pageSize: 3 });
    expect(res.body.data!.workspace.project.assets.nodes).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', '/workspaces')[0]!.target).toBe('/api/v1/workspaces?pageNum=1&pageSize=10');

    stack.emulator.clearRequests();
    const bad = await stack.gql(`{ workspaces(page: 0) { totalCount } }`);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
    const big = await stack.gql(`{ workspaces(pageSize: 1001) { totalCount } }`);
    expect(big.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it('maps vendor 404s on reads to NOT_FOUND', async () => {
    const ws = await stack.gql(`{ workspace(name: "no-such-workspace") { name } }`);
    expect(ws.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', retryable: false, upstream: { status: 404 } });
    const project = await stack.gql(`{ workspace(name: "${DEMO_WORKSPACE}") { project(id: "424242") { name } } }`);
    expect(project.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((project.body.errors?.[0] as { path?: unknown } | undefined)?.path).toEqual(['workspace', 'project']);
    const asset = await stack.gql(
      `{ asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "777777") { registration { status } } }`,
    );
    expect(asset.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps an unknown upload status as UNKNOWN with the raw value', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: /\/import-status$/,
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: { code: '0', message: 'success', result: { assetId: '5002', uploadStatus: 'TRANSCODING', uploadResult: 'Transcoding' } },
      },
    });
    const res = await stack.gql(
      `{ asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}") { registration { status rawStatus message terminal } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.asset.registration).toEqual({ status: 'UNKNOWN', rawStatus: 'TRANSCODING', message: 'Transcoding', terminal: false });
  });

  it('tolerates quirks: totalCount and lists beside result, string ids, missing fields', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: `/api/v1/workspaces/${DEMO_WORKSPACE}/projects`,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', totalCount: 1, result: { projects: [{ projectId: '1001' }] } } },
    });
    stack.emulator.injectFault({
      method: 'GET',
      path: /\/projects\/1001\/assets\?/,
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: { code: '0', message: 'success', totalCount: '7', result: { content: [{ assetId: '5001' }, { fileName: 'no-id.mp4' }] } },
      },
    });
    stack.emulator.injectFault({
      method: 'GET',
      path: /\/assets\/5001\/indexes$/,
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: {
          code: '0',
          message: 'success',
          indexes: [
            { indexId: '9001', type: 'AUDIO' },
            { indexId: 9002, createdTime: '2026-05-01T10:00:00' },
          ],
        },
      },
    });
    const res = await stack.gql(
      `{ workspace(name: "${DEMO_WORKSPACE}") { projects { id name assets { totalCount totalPages nodes { assetId fileName latestIndex { id } indexes { id type rawType createdAt sceneRange } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const [project] = res.body.data!.workspace.projects;
    expect(project).toMatchObject({ id: '1001', name: null, assets: { totalCount: 7, totalPages: 1 } });
    const [asset] = project.assets.nodes;
    expect(project.assets.nodes).toHaveLength(1);
    expect(asset).toMatchObject({ assetId: '5001', fileName: null, latestIndex: { id: '9002' } });
    expect(asset.indexes).toEqual([
      { id: '9001', type: 'UNKNOWN', rawType: 'AUDIO', createdAt: null, sceneRange: null },
      // Read in Asia/Seoul (UTC+9).
      { id: '9002', type: 'UNKNOWN', rawType: null, createdAt: '2026-05-01T01:00:00.000Z', sceneRange: null },
    ]);
  });

  it('reads index details: typed header, opaque payload, one call per confidence level', async () => {
    const res = await stack.gql(/* GraphQL */ `{
      asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ANALYSED_ASSET_ID}") {
        latestIndex {
          id
          medium: details { id type createdAt createdBy updatedAt analysisEngine sceneRange confidenceLevel payload }
          again: details(confidenceLevel: MEDIUM) { id }
          high: details(confidenceLevel: HIGH) { confidenceLevel payload }
        }
      }
    }`);
    expect(res.body.errors).toBeUndefined();
    const index = res.body.data!.asset.latestIndex;
    expect(index.medium).toMatchObject({
      id: String(DEMO_INDEX_ID),
      type: 'VIDEO',
      createdBy: 'demo-user',
      analysisEngine: 'Sinossi v2.1',
      sceneRange: 'MEDIUM',
      confidenceLevel: 'MEDIUM',
    });
    expect(index.medium.createdAt).toBe('2026-03-02T00:20:11.000Z');
    expect(index.medium.payload.scenes.length).toBeGreaterThan(0);
    expect(index.medium.payload).not.toHaveProperty('indexId');
    expect(index.high.payload.confidenceLevel).toBe('HIGH');
    const details = stack.emulator.requests.filter((r) => r.target.includes(`/indexes/${DEMO_INDEX_ID}`)).map((r) => r.target.split('?')[1]);
    expect(details.sort()).toEqual(['confidence_level=HIGH', 'confidence_level=MEDIUM']);
  });
});

describe('the demo failing asset', () => {
  const stack = useStack({ env: { MI_ANALYZE_ENDPOINT: 'analyze' }, emulator: { analysisStepMs: 60_000 } });

  it('reads status through the deprecated analyze-status when so configured', async () => {
    const res = await stack.gql(
      `{ asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_FAILING_ASSET_ID}") { analysisStatus { status } } }`,
    );
    expect(res.body.data!.asset.analysisStatus.status).toBe('BEFORE_ANALYZE');
    expect(callsTo(stack.emulator, 'GET', '/analyze-status')).toHaveLength(1);
  });
});
