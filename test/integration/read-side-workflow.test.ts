import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_BUCKET, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, startStack, type Stack } from '../helpers/stack.js';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterAssetInput!) {
    registerAsset(input: $input) { workspaceName projectId assetId registration { status rawStatus message terminal } }
  }
`;
const REQUEST_INDEX = /* GraphQL */ `
  mutation RequestIndex($input: RequestIndexInput!) { requestIndex(input: $input) { id createdAt createdBy } }
`;
const CANCEL = /* GraphQL */ `
  mutation Cancel($input: CancelAnalysisInput!) {
    cancelAnalysis(input: $input) { cancelled asset { assetId } analysisStatus { status terminal } }
  }
`;
const FOLLOW = /* GraphQL */ `
  query Follow($aid: ID!) {
    asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $aid) {
      fileName type
      registration { status terminal }
      analysisStatus { status terminal indexId }
      latestIndex { id sceneRange analysisSetting details(confidenceLevel: LOW) { id type confidenceLevel payload } }
    }
  }
`;

const STEP_MS = 150;
const MAX_POLLS = 100;

/** Polls FOLLOW until `done` holds; at most MAX_POLLS times (bounded), every STEP_MS / 3. */
async function follow(stack: Stack, assetId: string, done: (asset: any) => boolean): Promise<{ asset: any; seen: string[] }> {
  const seen: string[] = [];
  for (let i = 0; i < MAX_POLLS; i++) {
    const res = await stack.gql(FOLLOW, { aid: assetId });
    expect(res.body.errors).toBeUndefined();
    const asset = res.body.data!.asset;
    const state = `${asset.registration.status}/${asset.analysisStatus.status}`;
    if (seen.at(-1) !== state) seen.push(state);
    if (done(asset)) return { asset, seen };
    await sleep(STEP_MS / 3);
  }
  throw new Error(`no final state after ${MAX_POLLS} polls; seen ${seen.join(' -> ')}`);
}

const assetInput = (assetId: string) => ({ workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId });

describe.each(['analyze', 'index'] as const)('register -> analyse -> follow -> read (MI_ANALYZE_ENDPOINT=%s)', (endpoint) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { MI_ANALYZE_ENDPOINT: endpoint }, emulator: { importStepMs: STEP_MS, analysisStepMs: STEP_MS } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.clearRequests());

  it('runs the whole workflow through GraphQL', async () => {
    const registered = await stack.gql(REGISTER, {
      input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), bucketName: DEMO_BUCKET, key: 'videos/launch.mp4' },
    });
    expect(registered.body.errors).toBeUndefined();
    const asset = registered.body.data!.registerAsset;
    expect(asset).toMatchObject({
      workspaceName: DEMO_WORKSPACE,
      projectId: String(DEMO_PROJECT_ID),
      registration: { status: 'IN_PROGRESS', terminal: false },
    });
    const [post] = callsTo(stack.emulator, 'POST', '/assets/import/object-storage');
    expect(post!.body).toEqual({ key: 'videos/launch.mp4', bucketName: DEMO_BUCKET });
    expect(post!.signatureValid).toBe(true);

    const ready = await follow(stack, asset.assetId, (a) => a.registration.terminal);
    expect(ready.asset).toMatchObject({
      fileName: 'launch.mp4',
      type: 'VIDEO',
      registration: { status: 'COMPLETED' },
      analysisStatus: { status: 'BEFORE_ANALYZE' },
      latestIndex: null,
    });

    const requested = await stack.gql(REQUEST_INDEX, {
      input: {
        ...assetInput(asset.assetId),
        minSceneDurationSec: 5,
        maxSceneDurationSec: 30,
        analysisPersonCount: 2,
        sourceLanguage: 'ZH_TW',
        tagIds: ['101'],
      },
    });
    expect(requested.body.errors).toBeUndefined();
    expect(requested.body.data!.requestIndex).toMatchObject({ id: expect.stringMatching(/^\d+$/), createdBy: 'demo-user' });
    // requestIndex always uses …/index, whatever MI_ANALYZE_ENDPOINT says.
    expect(callsTo(stack.emulator, 'POST', '/index').map((c) => c.body)).toEqual([
      { analysisPersonCount: 2, sourceLanguage: 'ZH-TW', tagIdList: [101], minSceneDurationSec: 5, maxSceneDurationSec: 30 },
    ]);
    expect(callsTo(stack.emulator, 'POST', '/analyze')).toHaveLength(0);

    const done = await follow(stack, asset.assetId, (a) => a.analysisStatus.terminal);
    expect(done.seen.at(-1)).toBe('COMPLETED/ANALYZE_COMPLETED');
    expect(done.seen.some((s) => s.endsWith('/WAIT_ANALYZE') || s.endsWith('/ANALYZING'))).toBe(true);
    const index = done.asset.latestIndex;
    expect(index.id).toBe(requested.body.data!.requestIndex.id);
    expect(done.asset.analysisStatus.indexId).toBe(index.id);
    expect(index.sceneRange).toBeNull();
    expect(index.analysisSetting).toMatchObject({ minSceneDurationSec: 5, maxSceneDurationSec: 30, analysisPersonCount: 2 });
    expect(index.details).toMatchObject({ id: index.id, type: 'VIDEO', confidenceLevel: 'LOW' });
    expect(index.details.payload.scenes.length).toBeGreaterThan(0);
  });

  it('cancels a queued analysis, then answers INVALID_STATE when nothing is left to cancel', async () => {
    const started = await stack.gql(REQUEST_INDEX, { input: { ...assetInput(String(DEMO_ASSET_ID)), analysisPersonCount: 0, sceneRange: 'SHORT' } });
    expect(started.body.errors).toBeUndefined();
    const cancelled = await stack.gql(CANCEL, { input: assetInput(String(DEMO_ASSET_ID)) });
    expect(cancelled.body.errors).toBeUndefined();
    expect(cancelled.body.data!.cancelAnalysis).toEqual({
      cancelled: true,
      asset: { assetId: String(DEMO_ASSET_ID) },
      analysisStatus: { status: 'ANALYZE_CANCEL', terminal: true },
    });
    const cancelCall = endpoint === 'index' ? callsTo(stack.emulator, 'POST', '/index/cancel') : callsTo(stack.emulator, 'DELETE', '/analyze');
    expect(cancelCall).toHaveLength(1);

    const again = await stack.gql(CANCEL, { input: assetInput(String(DEMO_ASSET_ID)) });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', retryable: false, upstream: { status: 409, code: '409' } });
    expect(again.body.data?.cancelAnalysis).toBeNull();
  });
});

describe('input validation of the write side (no upstream call)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ emulator: { importStepMs: STEP_MS } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.clearRequests());

  const base = { ...assetInput(String(DEMO_ASSET_ID)), analysisPersonCount: 1 };
  it.each([
    ['only the minimum', { minSceneDurationSec: 5 }, 'maxSceneDurationSec'],
    ['only the maximum', { maxSceneDurationSec: 5 }, 'minSceneDurationSec'],
    ['a pair with sceneRange', { minSceneDurationSec: 5, maxSceneDurationSec: 10, sceneRange: 'LONG' }, 'sceneRange'],
    ['a zero bound', { minSceneDurationSec: 0, maxSceneDurationSec: 10 }, 'minSceneDurationSec'],
    ['a negative bound', { minSceneDurationSec: 5, maxSceneDurationSec: -1 }, 'maxSceneDurationSec'],
    ['min above max', { minSceneDurationSec: 30, maxSceneDurationSec: 10 }, 'minSceneDurationSec'],
    ['too many people', { analysisPersonCount: 11 }, 'analysisPersonCount'],
    ['a path-changing asset id', { assetId: '5002/../5001' }, 'assetId'],
  ])('rejects requestIndex with %s', async (_name, extra, field) => {
    const res = await stack.gql(REQUEST_INDEX, { input: { ...base, ...extra } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false, field });
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it.each([
    ['a folder key', { key: 'videos/' }, 'key'],
    ['an empty key', { key: '' }, 'key'],
    ['a key with a C0 control character', { key: 'a\u0001.mp4' }, 'key'],
    ['a key with a C1 control character', { key: 'a\u0085.mp4' }, 'key'],
    ['a bad bucket name', { bucketName: 'Bad_Bucket' }, 'bucketName'],
    ['a bad project id', { projectId: '10%2F01' }, 'projectId'],
  ])('rejects registerAsset with %s', async (_name, extra, field) => {
    const input = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), bucketName: DEMO_BUCKET, key: 'a.mp4', ...extra };
    const res = await stack.gql(REGISTER, { input });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it('follows a registration that ends FILE_NOT_EXIST and keeps its message', async () => {
    const res = await stack.gql(REGISTER, {
      input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), bucketName: DEMO_BUCKET, key: 'missing-file.mp4' },
    });
    expect(res.body.errors).toBeUndefined();
    const { assetId } = res.body.data!.registerAsset;
    let registration: any;
    for (let i = 0; i < MAX_POLLS && !registration?.terminal; i++) {
      if (i > 0) await sleep(STEP_MS / 3);
      const read = await stack.gql(
        `{ asset(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${assetId}") { registration { status rawStatus message terminal } } }`,
      );
      registration = read.body.data!.asset.registration;
    }
    expect(registration).toEqual({ status: 'FILE_NOT_EXIST', rawStatus: 'FILE_NOT_EXIST', message: 'The file does not exist in the bucket.', terminal: true });
  });
});
