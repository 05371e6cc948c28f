import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { EMULATOR_KEY, emulatorCaller } from '../helpers/emulator-call.js';
import { DEMO_ANALYSED_ASSET_ID, DEMO_INDEX_ID, DEMO_PROJECT_ID, DEMO_SEARCH_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { sleep } from '../helpers/live.js';

const STEP_MS = 150;
const WS = `/api/v1/workspaces/${DEMO_WORKSPACE}`;
const ASSET = `${WS}/projects/${DEMO_PROJECT_ID}/assets/${DEMO_ANALYSED_ASSET_ID}`;

let emu: Emulator;

const signed = emulatorCaller(() => emu.url);
/** The body and secret by position, the answer's status and JSON (as these tests compare them). */
async function call(method: string, path: string, body?: unknown, secretKey?: string) {
  const { status, json } = await signed(method, path, { body, secretKey });
  return { status, json };
}

const ROUTES: Array<[string, string, unknown?]> = [
  ['POST', '/api/v1/query-assets/uploads/presigned-url', { assetType: 'IMAGE', assetFileName: 'a.jpg' }],
  ['POST', '/api/v1/query-assets/uploads/complete', { assetKey: 'k' }],
  ['POST', `${WS}/assets/search`, { query: { textQuery: 'x' }, filter: { projectIds: [DEMO_PROJECT_ID] } }],
  ['GET', `${WS}/assets/search/${DEMO_SEARCH_ID}?pageNum=1&pageSize=50`],
  ['POST', `${ASSET}/scene-summary`, {}],
  ['GET', `${ASSET}/scene-summary`],
  ['GET', `${ASSET}/scene-summary/status`],
  ['POST', `${ASSET}/scene-summary/cancel`],
  ['POST', `${ASSET}/indexes/${DEMO_INDEX_ID}/scene-summaries`, {}],
  ['GET', `${ASSET}/indexes/${DEMO_INDEX_ID}/scene-summaries`],
];

beforeAll(async () => {
  emu = await startEmulator({ credentials: [EMULATOR_KEY], analysisStepMs: STEP_MS, importStepMs: 50 });
});
afterAll(() => emu.close());
beforeEach(() => emu.clearFaults());

describe('emulator: search, query uploads and scene summaries', () => {
  it.each(ROUTES)('%s %s checks the signature', async (method, path, body) => {
    const res = await call(method, path, body, 'wrong-secret');
    expect(res.status).toBe(401);
    expect(emu.requests.at(-1)).toMatchObject({ signatureValid: false, status: 401 });
  });

  it.each(ROUTES)('%s %s answers an injected fault', async (method, path, body) => {
    emu.injectFault({
      method,
      path: path.split('?')[0]!,
      times: 1,
      fault: { kind: 'status', status: 429, body: { error: { errorCode: '400', message: 'Quota Exceeded' } } },
    });
    expect((await call(method, path, body)).status).toBe(429);
  });

  it('serves the seeded search in pages of up to 100; 400 for pageSize 101; 404 for an unknown id', async () => {
    const page = await call('GET', `${WS}/assets/search/${DEMO_SEARCH_ID}?pageNum=2&pageSize=50`);
    expect(page.json.result).toMatchObject({ status: 'COMPLETED', totalCount: 60 });
    expect(page.json.result.results).toHaveLength(10);
    expect((await call('GET', `${WS}/assets/search/${DEMO_SEARCH_ID}?pageNum=1&pageSize=101`)).status).toBe(400);
    expect((await call('GET', `${WS}/assets/search/nope?pageNum=1&pageSize=1`)).status).toBe(404);
  });

  it('refuses a search with both or neither query, a forbidden character, no projectIds/assetIds, or an image never uploaded', async () => {
    const filter = { projectIds: [DEMO_PROJECT_ID] };
    for (const body of [
      { query: { textQuery: 'a', imageQuery: 'k' }, filter },
      { query: {}, filter },
      { query: { textQuery: 'a;b' }, filter },
      { query: { textQuery: 'a' } },
      { query: { imageQuery: 'never-uploaded' }, filter },
    ]) {
      expect((await call('POST', `${WS}/assets/search`, body)).json).toEqual({ code: '10001', message: 'Invalid Request.' });
    }
  });

  it('a search runs IN_PROGRESS for one step, then COMPLETED with hits', async () => {
    const started = await call('POST', `${WS}/assets/search`, { query: { textQuery: 'stage' }, filter: { assetIds: [DEMO_ANALYSED_ASSET_ID] } });
    const id = started.json.result.searchId as string;
    expect((await call('GET', `${WS}/assets/search/${id}?pageNum=1&pageSize=50`)).json.result).toEqual({ status: 'IN_PROGRESS' });
    await sleep(STEP_MS + 30);
    const done = await call('GET', `${WS}/assets/search/${id}?pageNum=1&pageSize=50`);
    expect(done.json.result.results.map((h: { assetId: number }) => h.assetId)).toEqual([
      DEMO_ANALYSED_ASSET_ID,
      DEMO_ANALYSED_ASSET_ID,
      DEMO_ANALYSED_ASSET_ID,
    ]);
  });

  it('a summary moves WAIT_SUMMARIZE -> SUMMARIZING -> SUMMARIZE_COMPLETED; 409 while it runs; partial re-runs after a completed one', async () => {
    expect((await call('GET', `${ASSET}/scene-summary/status`)).json.result.status).toBe('SUMMARIZE_COMPLETED');
    expect((await call('POST', `${ASSET}/scene-summary`, { sceneIds: [2] })).status).toBe(200);
    expect((await call('POST', `${ASSET}/scene-summary`, {})).status).toBe(409);
    expect((await call('GET', `${ASSET}/scene-summary`)).status).toBe(400);
    const seen: string[] = [];
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const status = (await call('GET', `${ASSET}/scene-summary/status`)).json.result.status as string;
      if (seen.at(-1) !== status) seen.push(status);
      if (status === 'SUMMARIZE_COMPLETED') break;
      await sleep(20);
    }
    expect(seen).toEqual(['WAIT_SUMMARIZE', 'SUMMARIZING', 'SUMMARIZE_COMPLETED']);
    expect((await call('GET', `${ASSET}/scene-summary`)).json.result).toMatchObject({ indexId: DEMO_INDEX_ID, sceneSummaryInfo: { analyzedSceneIds: [2] } });
    expect((await call('POST', `${ASSET}/scene-summary/cancel`)).status).toBe(409);
  });

  it('deleting the latest index deletes its scene summary', async () => {
    expect((await call('DELETE', `${ASSET}/index`)).status).toBe(200);
    expect((await call('GET', `${ASSET}/scene-summary/status`)).json.result.status).toBe('BEFORE_SUMMARIZE');
    expect((await call('GET', `${ASSET}/scene-summary`)).status).toBe(404);
  });
});
