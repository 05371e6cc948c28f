import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { EMULATOR_KEY, emulatorCaller } from '../helpers/emulator-call.js';
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

// Wide enough that a loaded CI machine still sees every state with 10 ms polling.
const STEP_MS = 100;
const PROJECT = `/api/v1/workspaces/${DEMO_WORKSPACE}/projects/${DEMO_PROJECT_ID}`;
const asset = (id: number, rest = '') => `${PROJECT}/assets/${id}${rest}`;

let emu: Emulator;

const call = emulatorCaller(() => emu.url);

/** Polls until `predicate` holds; bounded so a broken state machine fails the test instead of hanging it. */
async function pollStatus(path: string, predicate: (status: string) => boolean, maxMs = 2_000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const { json } = await call('GET', path);
    const status = json.result.status as string;
    if (seen.at(-1) !== status) seen.push(status);
    if (predicate(status)) return seen;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`status never matched; saw ${seen.join(' -> ')}`);
}

const validAnalysis = { analysisPersonCount: 3, sceneRange: 'LONG', sourceLanguage: 'ENKO', detectAudioEffects: false };

beforeAll(async () => {
  emu = await startEmulator({ credentials: [EMULATOR_KEY], analysisStepMs: STEP_MS, importStepMs: 2 * STEP_MS });
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(() => {
  emu.clearFaults();
});

describe('authentication', () => {
  it('accepts a valid signature and answers the MI envelope with JSON headers', async () => {
    const res = await call('GET', '/api/v1/workspaces?pageNum=1&pageSize=100');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('x-ncp-request-id')).toBeTruthy();
    expect(res.json).toMatchObject({ code: '0', message: 'success', result: { totalCount: 1, pageNo: 1, pageSize: 100 } });
    expect(res.json.result.content[0]).toMatchObject({ workspaceName: DEMO_WORKSPACE });
    expect(res.json.result.content[0].createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  const gateway401 = { error: { errorCode: '200', message: 'Authentication Failed' } };

  it.each([
    ['wrong secret', { secretKey: 'not-the-secret' }],
    ['tampered target', { signedTarget: '/api/v1/workspaces?pageNum=2' }],
    ['stale timestamp (6 minutes old)', { timestamp: String(Date.now() - 6 * 60_000) }],
    ['timestamp 6 minutes ahead', { timestamp: String(Date.now() + 6 * 60_000) }],
  ])('rejects a %s with the gateway 401 envelope', async (_name, opts) => {
    const res = await call('GET', '/api/v1/workspaces?pageNum=1', opts);
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject(gateway401);
    expect(typeof res.json.error.details).toBe('string');
  });

  it('rejects missing headers and unknown access keys', async () => {
    const bare = await fetch(`${emu.url}/api/v1/workspaces?pageNum=1`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject(gateway401);
  });

  it('verifies the raw target, not a normalised one', async () => {
    // Signed with lower-case hex but sent upper-case: equal after decoding, different on the wire.
    const res = await call('GET', '/api/v1/workspaces?pageNum=1&x=%C3%A9', { signedTarget: '/api/v1/workspaces?pageNum=1&x=%c3%a9' });
    expect(res.status).toBe(401);
    expect(emu.requests.at(-1)?.target).toBe('/api/v1/workspaces?pageNum=1&x=%C3%A9');
    expect((await call('GET', '/api/v1/workspaces?pageNum=1&x=%C3%A9')).status).toBe(200);
  });

  it('answers unknown routes with the gateway 404 envelope', async () => {
    const res = await call('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { errorCode: '300' } });
  });
});

describe('resources', () => {
  it('requires pageNum >= 1', async () => {
    for (const q of ['', '?pageNum=0', '?pageNum=x', '?pageNum=1&pageSize=1001']) {
      const res = await call('GET', `/api/v1/workspaces${q}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code: '10001', message: 'Invalid Request.' });
    }
  });

  it('lists projects and assets of the seed', async () => {
    const projects = await call('GET', `/api/v1/workspaces/${DEMO_WORKSPACE}/projects`);
    expect(projects.json.result.totalCount).toBe(2);
    expect(projects.json.result.projects[0]).toMatchObject({ projectId: DEMO_PROJECT_ID, name: 'Default', isBaseProject: true });
    const assets = await call('GET', `${PROJECT}/assets?pageNum=1&pageSize=2`);
    expect(assets.json.result).toMatchObject({ totalCount: 4, totalPage: 2, pageSize: 2 });
    expect(assets.json.result.content[0]).toMatchObject({ assetId: DEMO_ANALYSED_ASSET_ID, fileName: 'intro.mp4', projectId: DEMO_PROJECT_ID });
    const uploading = await call('GET', asset(DEMO_UPLOADING_ASSET_ID, '/import-status'));
    expect(uploading.json.result.uploadStatus).toBe('IN_PROGRESS');
  });

  it('answers 404 with the MI envelope for unknown resources', async () => {
    for (const path of [asset(4242), asset(4242, '/index/status'), `/api/v1/workspaces/nope`, asset(DEMO_TRAILER_ASSET_ID)]) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.json).toEqual({ code: '10002', message: 'Resource not found.' });
    }
  });

  it('imports an asset: IN_PROGRESS, then COMPLETED or the failure the key asks for', async () => {
    const imported = await call('POST', `${PROJECT}/assets/import/object-storage`, { body: { key: 'clips/new.mp4', bucketName: 'b' } });
    expect(imported.json.result).toMatchObject({ createUserName: 'demo-user' });
    const missing = await call('POST', `${PROJECT}/assets/import/object-storage`, { body: { key: 'missing.mp4', bucketName: 'b' } });
    const statusOf = (id: number) => asset(id, '/import-status');
    expect((await call('GET', statusOf(imported.json.result.assetId))).json.result.uploadStatus).toBe('IN_PROGRESS');
    await pollStatusField(statusOf(imported.json.result.assetId), 'COMPLETED');
    await pollStatusField(statusOf(missing.json.result.assetId), 'FILE_NOT_EXIST');
    const bad = await call('POST', `${PROJECT}/assets/import/object-storage`, { body: { key: 'x.mp4' } });
    expect(bad.status).toBe(400);
  });

  it('filters index keywords by confidence level and rejects unknown levels', async () => {
    const details = (level: string) => call('GET', asset(DEMO_ANALYSED_ASSET_ID, `/indexes/${DEMO_INDEX_ID}?confidence_level=${level}`));
    const count = (r: Awaited<ReturnType<typeof details>>) =>
      (r.json.result.scenes as Array<{ keywords: unknown[] }>).reduce((n, s) => n + s.keywords.length, 0);
    const [low, high] = [await details('LOW'), await details('HIGH')];
    expect(low.json.result).toMatchObject({ indexId: DEMO_INDEX_ID, analysisSetting: { analysisEngine: 'Sinossi v2.1' } });
    expect(count(low)).toBeGreaterThan(count(high));
    expect((await details('HUGE')).status).toBe(400);
  });
});

async function pollStatusField(path: string, want: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    if ((await call('GET', path)).json.result.uploadStatus === want) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${path} never reached ${want}`);
}

describe('analysis', () => {
  it('moves WAIT_ANALYZE -> ANALYZING -> ANALYZE_COMPLETED and refuses a second run meanwhile', async () => {
    expect((await call('GET', asset(DEMO_ASSET_ID, '/index/status'))).json.result).toEqual({
      status: 'BEFORE_ANALYZE',
      analyzeStatusMessage: null,
      indexId: null,
    });
    const started = await call('POST', asset(DEMO_ASSET_ID, '/index'), { body: { ...validAnalysis, tagIdList: [101, 203] } });
    expect(started.status).toBe(200);
    const indexId = started.json.result.id as number;
    expect(started.json.result).toMatchObject({ createdUserName: 'demo-user' });

    const again = await call('POST', asset(DEMO_ASSET_ID, '/index'), { body: validAnalysis });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ code: '10030', message: 'Analysis is already in progress.' });

    const seen = await pollStatus(asset(DEMO_ASSET_ID, '/index/status'), (s) => s === 'ANALYZE_COMPLETED');
    expect(seen).toEqual(['WAIT_ANALYZE', 'ANALYZING', 'ANALYZE_COMPLETED']);
    const status = await call('GET', asset(DEMO_ASSET_ID, '/analyze-status'));
    expect(status.json.result).toEqual({ status: 'ANALYZE_COMPLETED', analyzeStatusMessage: null, indexId });
    const list = await call('GET', asset(DEMO_ASSET_ID, '/indexes'));
    expect(list.json.result.indexes[0]).toMatchObject({ indexId, analysisSetting: { sceneRange: 'LONG', tagIdList: [101, 203] } });
  });

  it('ends ANALYZE_FAIL for a "fail" asset', async () => {
    await call('POST', asset(DEMO_FAILING_ASSET_ID, '/analyze'), { body: validAnalysis });
    await pollStatus(asset(DEMO_FAILING_ASSET_ID, '/analyze-status'), (s) => s === 'ANALYZE_FAIL');
    const res = await call('GET', asset(DEMO_FAILING_ASSET_ID, '/analyze-status'));
    expect(res.json.result.analyzeStatusMessage).toBe('An error occurred during video analysis (video parsing failure).');
  });

  it('cancels a running analysis and 409s when nothing runs', async () => {
    const trailer = `/api/v1/workspaces/${DEMO_WORKSPACE}/projects/${DEMO_TRAILERS_PROJECT_ID}/assets/${DEMO_TRAILER_ASSET_ID}`;
    expect((await call('POST', `${trailer}/index/cancel`)).status).toBe(409);
    expect((await call('POST', `${trailer}/index`, { body: validAnalysis })).status).toBe(200);
    expect((await call('POST', `${trailer}/index/cancel`)).json).toEqual({ code: '0', message: 'success' });
    expect((await call('GET', `${trailer}/index/status`)).json.result.status).toBe('ANALYZE_CANCEL');
  });

  it('refuses assets whose registration is not complete', async () => {
    const res = await call('POST', asset(DEMO_UPLOADING_ASSET_ID, '/index'), { body: validAnalysis });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: '10014', message: 'Select the asset you want to analyze.' });
  });

  it.each([
    ['no body', undefined],
    ['missing analysisPersonCount', { sceneRange: 'SHORT' }],
    ['analysisPersonCount 11', { analysisPersonCount: 11 }],
    ['analysisPersonCount 1.5', { analysisPersonCount: 1.5 }],
    ['empty tagIdList', { analysisPersonCount: 1, tagIdList: [] }],
    ['negative tag id', { analysisPersonCount: 1, tagIdList: [-1] }],
    ['unknown tag id', { analysisPersonCount: 1, tagIdList: [999] }],
    ['bad sceneRange', { analysisPersonCount: 1, sceneRange: 'HUGE' }],
    ['underscore language', { analysisPersonCount: 1, sourceLanguage: 'ZH_CN' }],
    ['string boolean', { analysisPersonCount: 1, detectAudioEffects: 'true' }],
    ['only min duration', { analysisPersonCount: 1, minSceneDurationSec: 10 }],
    ['min > max', { analysisPersonCount: 1, minSceneDurationSec: 30, maxSceneDurationSec: 10 }],
    ['duration pair with sceneRange', { analysisPersonCount: 1, minSceneDurationSec: 10, maxSceneDurationSec: 20, sceneRange: 'LONG' }],
  ])('rejects %s with 400 10001', async (_name, body) => {
    const res = await call('POST', asset(DEMO_FAILING_ASSET_ID, '/index'), body === undefined ? {} : { body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: '10001', message: 'Invalid Request.' });
  });
});

describe('faults', () => {
  const path = `${PROJECT}/assets/${DEMO_ANALYSED_ASSET_ID}`;

  it('answers an injected status `times` times, then normally', async () => {
    emu.injectFault({ method: 'GET', path, times: 2, fault: { kind: 'status', status: 503, headers: { 'retry-after': '1' } } });
    const first = await call('GET', path);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.json).toMatchObject({ error: { errorCode: '500' } });
    expect((await call('GET', path)).status).toBe(503);
    expect((await call('GET', path)).status).toBe(200);
  });

  it('sends a custom raw body', async () => {
    emu.injectFault({ path: /\/assets\/\d+$/, times: 1, fault: { kind: 'status', status: 502, rawBody: 'Bad Gateway' } });
    const res = await call('GET', path);
    expect([res.status, res.text]).toEqual([502, 'Bad Gateway']);
  });

  it('sends a malformed 200', async () => {
    emu.injectFault({ path, times: 1, fault: { kind: 'malformed' } });
    const res = await call('GET', path);
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
  });

  it('resets the connection', async () => {
    emu.injectFault({ path, times: 1, fault: { kind: 'reset' } });
    await expect(call('GET', path)).rejects.toThrow();
  });

  it('hangs until the client gives up', async () => {
    emu.injectFault({ path, times: 1, fault: { kind: 'hang' } });
    const started = Date.now();
    await expect(call('GET', path, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('delays and slows the body, then answers normally', async () => {
    emu.injectFault({ path, times: 1, fault: { kind: 'delay', delayMs: 100 } });
    emu.injectFault({ path, times: 1, fault: { kind: 'slow-body', delayMs: 100 } });
    for (let i = 0; i < 2; i += 1) {
      const started = Date.now();
      const res = await call('GET', path);
      expect(res.json.result.assetId).toBe(DEMO_ANALYSED_ASSET_ID);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    }
  });
});

describe('request log', () => {
  it('records method, raw target, key, signature validity, body and status in order', async () => {
    emu.clearRequests();
    await call('POST', asset(DEMO_FAILING_ASSET_ID, '/index'), { body: { analysisPersonCount: 99 } });
    await call('GET', '/api/v1/workspaces?pageNum=1', { secretKey: 'wrong' });
    // A string path matches the target's path part too; faults pre-empt auth, so inject it only now.
    emu.injectFault({ path: '/api/v1/workspaces', times: 1, fault: { kind: 'reset' } });
    await call('GET', '/api/v1/workspaces?pageNum=1').catch(() => undefined);
    expect(emu.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        target: asset(DEMO_FAILING_ASSET_ID, '/index'),
        accessKey: EMULATOR_KEY.accessKey,
        signatureValid: true,
        body: { analysisPersonCount: 99 },
        status: 400,
      }),
      expect.objectContaining({ method: 'GET', target: '/api/v1/workspaces?pageNum=1', signatureValid: false, status: 401 }),
      expect.objectContaining({ target: '/api/v1/workspaces?pageNum=1', signatureValid: true, status: 0, body: undefined }),
    ]);
    expect(typeof emu.requests[0]?.at).toBe('number');
  });
});
