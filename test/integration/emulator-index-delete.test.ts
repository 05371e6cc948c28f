import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { EMULATOR_KEY, emulatorCaller } from '../helpers/emulator-call.js';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_INDEX_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';

/** Both delete forms of the emulator (reference §8.5): DELETE …/index (current) and DELETE …/indexes/{iid} (deprecated). */
const STEP_MS = 100;
const asset = (id: number, rest = '') => `/api/v1/workspaces/${DEMO_WORKSPACE}/projects/${DEMO_PROJECT_ID}/assets/${id}${rest}`;
const RUNNING_409 = { code: '409', message: 'Cannot delete index while analysis is in progress' };

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ credentials: [EMULATOR_KEY], analysisStepMs: STEP_MS });
});
afterAll(() => emu.close());

const signed = emulatorCaller(() => emu.url);
/** The body and secret by position, the answer's status and JSON (as these tests compare them). */
async function call(method: string, path: string, body?: unknown, secretKey?: string) {
  const { status, json } = await signed(method, path, { body, secretKey });
  return { status, json };
}

const indexIds = async (id: number) => ((await call('GET', asset(id, '/indexes'))).json.result.indexes as Array<{ indexId: number }>).map((i) => i.indexId);

async function analyseToEnd(id: number, via: '/index' | '/analyze'): Promise<number> {
  const started = await call('POST', asset(id, via), { analysisPersonCount: 0 });
  expect(started.status).toBe(200);
  let status = '';
  // Bounded poll: a broken state machine fails the test instead of hanging it.
  for (const deadline = Date.now() + 5_000; status !== 'ANALYZE_COMPLETED' && Date.now() < deadline;) {
    status = (await call('GET', asset(id, '/index/status'))).json.result.status;
    if (status !== 'ANALYZE_COMPLETED') await new Promise((r) => setTimeout(r, 20));
  }
  expect(status).toBe('ANALYZE_COMPLETED');
  return started.json.result.id as number;
}

describe('emulator: deleting indexes', () => {
  it('DELETE …/index removes the latest completed index, then 404s; 409 while an analysis runs', async () => {
    expect(await indexIds(DEMO_ANALYSED_ASSET_ID)).toEqual([DEMO_INDEX_ID]);
    expect(await call('DELETE', asset(DEMO_ANALYSED_ASSET_ID, '/index'))).toEqual({ status: 200, json: { code: '0', message: 'success' } });
    expect(await indexIds(DEMO_ANALYSED_ASSET_ID)).toEqual([]);
    expect((await call('DELETE', asset(DEMO_ANALYSED_ASSET_ID, '/index'))).status).toBe(404);

    expect((await call('POST', asset(DEMO_ANALYSED_ASSET_ID, '/index'), { analysisPersonCount: 0 })).status).toBe(200);
    expect(await call('DELETE', asset(DEMO_ANALYSED_ASSET_ID, '/index'))).toEqual({ status: 409, json: RUNNING_409 });
  });

  it('DELETE …/indexes/{iid} removes that one index (the deprecated /analyze keeps several); 409 while one runs; 404 for an unknown id', async () => {
    const first = await analyseToEnd(DEMO_ASSET_ID, '/analyze');
    const second = await analyseToEnd(DEMO_ASSET_ID, '/analyze');
    expect(await indexIds(DEMO_ASSET_ID)).toEqual([first, second]);

    expect((await call('POST', asset(DEMO_ASSET_ID, '/analyze'), { analysisPersonCount: 0 })).status).toBe(200);
    expect(await call('DELETE', asset(DEMO_ASSET_ID, `/indexes/${second}`))).toEqual({ status: 409, json: RUNNING_409 });
    expect((await call('POST', asset(DEMO_ASSET_ID, '/index/cancel'))).status).toBe(200);

    expect((await call('DELETE', asset(DEMO_ASSET_ID, `/indexes/${second}`))).status).toBe(200);
    expect(await indexIds(DEMO_ASSET_ID)).toEqual([first]);
    expect((await call('DELETE', asset(DEMO_ASSET_ID, `/indexes/${second}`))).status).toBe(404);
  });
});
