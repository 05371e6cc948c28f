import { describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_TRAILER_ASSET_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, useStack } from '../helpers/stack.js';

const ANALYZE = /* GraphQL */ `
  mutation Analyze($input: AnalyzeInput!) {
    analyzeAsset(input: $input) { id createdAt createdBy }
  }
`;

const input = (extra: Record<string, unknown> = {}) => ({
  workspaceName: DEMO_WORKSPACE,
  projectId: String(DEMO_PROJECT_ID),
  assetId: String(DEMO_ASSET_ID),
  analysisPersonCount: 3,
  ...extra,
});

describe('analyzeAsset through the analyze endpoint (default)', () => {
  const stack = useStack({}, { clearRequests: true });

  it('signs one POST with the tenant keys, maps every field, and reads createdTime in Asia/Seoul', async () => {
    const res = await stack.gql(ANALYZE, {
      input: input({ sceneRange: 'LONG', sourceLanguage: 'ZH_CN', tagIds: ['101', '203'], detectAudioEffects: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.body.errors).toBeUndefined();
    const index = res.body.data!.analyzeAsset;
    expect(index.id).toMatch(/^\d+$/);
    expect(index.createdBy).toBe('demo-user');
    expect(new Date(index.createdAt).toISOString()).toBe(index.createdAt);
    // The emulator writes "now" in Asia/Seoul without an offset; read back, it is within a few seconds of now.
    expect(Math.abs(Date.parse(index.createdAt) - Date.now())).toBeLessThan(5_000);

    const calls = callsTo(stack.emulator, 'POST', '/index');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.target).toBe(`/api/v1/workspaces/${DEMO_WORKSPACE}/projects/${DEMO_PROJECT_ID}/assets/${DEMO_ASSET_ID}/index`);
    expect(calls[0]!.signatureValid).toBe(true);
    expect(calls[0]!.accessKey).toBe('ACMEACCESSKEY0001');
    expect(calls[0]!.body).toEqual({
      analysisPersonCount: 3,
      sceneRange: 'LONG',
      sourceLanguage: 'ZH-CN',
      tagIdList: [101, 203],
      detectAudioEffects: true,
    });
  });

  it('sends only the fields the client gave', async () => {
    const res = await stack.gql(ANALYZE, { input: input({ assetId: String(DEMO_TRAILER_ASSET_ID), projectId: '1002', analysisPersonCount: 0 }) });
    expect(res.body.errors).toBeUndefined();
    const [call] = callsTo(stack.emulator, 'POST', '/index');
    expect(call!.body).toEqual({ analysisPersonCount: 0 });
  });

  it('maps ZH_TW and inline literals', async () => {
    const res = await stack.gql(/* GraphQL */ `
      mutation {
        analyzeAsset(input: { workspaceName: "${DEMO_WORKSPACE}", projectId: 1001, assetId: ${DEMO_ANALYSED_ASSET_ID}, analysisPersonCount: 10, sourceLanguage: ZH_TW, sceneRange: EXTRA_SHORT }) { id }
      }
    `);
    expect(res.body.errors).toBeUndefined();
    expect(callsTo(stack.emulator, 'POST', '/index')[0]!.body).toEqual({ analysisPersonCount: 10, sourceLanguage: 'ZH-TW', sceneRange: 'EXTRA_SHORT' });
  });

  it('answers ANALYSIS_IN_PROGRESS (retryable) when the asset is already being analysed, after exactly one POST', async () => {
    const res = await stack.gql(ANALYZE, { input: input() });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'ANALYSIS_IN_PROGRESS', retryable: true, upstream: { status: 409 } });
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);
  });

  it('answers NOT_FOUND for an asset the vendor does not know', async () => {
    const res = await stack.gql(ANALYZE, { input: input({ assetId: '999999' }) });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', retryable: false, upstream: { status: 404 } });
    expect(res.body.data?.analyzeAsset).toBeNull();
  });
});

describe('analyzeAsset with MI_ANALYZE_ENDPOINT=analyze', () => {
  const stack = useStack({ env: { MI_ANALYZE_ENDPOINT: 'analyze', MI_TIME_ZONE: 'UTC' }, emulator: { timeZone: 'UTC' } });

  it('posts to the deprecated …/analyze with the same body and reads times in MI_TIME_ZONE', async () => {
    const res = await stack.gql(ANALYZE, { input: input({ sourceLanguage: 'KO' }) });
    expect(res.body.errors).toBeUndefined();
    expect(Math.abs(Date.parse(res.body.data!.analyzeAsset.createdAt) - Date.now())).toBeLessThan(5_000);
    const calls = callsTo(stack.emulator, 'POST', '/analyze');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({ analysisPersonCount: 3, sourceLanguage: 'KO' });
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(0);
  });
});
