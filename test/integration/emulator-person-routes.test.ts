import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { EMULATOR_KEY, emulatorCaller } from '../helpers/emulator-call.js';
import { DEMO_PERSON_IDS, DEMO_PERSON_TAG_IDS, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';

const WS = `/api/v1/workspaces/${DEMO_WORKSPACE}`;
const PERSON = `${WS}/persons/${DEMO_PERSON_IDS[0]}`;
const TAG_LIST = `${WS}/person-tags?pageNum=1&pageSize=10`;
/** The API Gateway's 401 body (reference §4), not MI's {code, message} envelope. */
const SIGNATURE_REFUSED = { error: { errorCode: '200', message: 'Authentication Failed', details: 'Signature does not match.' } };

let emu: Emulator;

const signed = emulatorCaller(() => emu.url);
/** The body and secret by position, the answer's status and JSON (as these tests compare them). */
async function call(method: string, path: string, body?: unknown, secretKey?: string) {
  const { status, json } = await signed(method, path, { body, secretKey });
  return { status, json };
}

beforeAll(async () => {
  emu = await startEmulator({ credentials: [EMULATOR_KEY] });
});
afterAll(() => emu.close());
beforeEach(() => emu.clearRequests());

describe('emulator: person and tag routes check the signature', () => {
  it.each([
    ['GET', PERSON, undefined],
    ['POST', `${WS}/persons/search`, { pageNum: 1, pageSize: 10 }],
    ['GET', TAG_LIST, undefined],
    ['POST', `${WS}/person-tags`, { name: 'Unsigned' }],
  ])('%s %s: a wrong signature gets 401 with the API Gateway error body', async (method, path, body) => {
    const res = await call(method, path, body, 'wrong-secret');
    expect(res.status).toBe(401);
    expect(res.json).toEqual(SIGNATURE_REFUSED);
    expect(emu.requests).toHaveLength(1);
    expect(emu.requests[0]).toMatchObject({ method, target: path, accessKey: EMULATOR_KEY.accessKey, signatureValid: false, status: 401 });
  });

  it('a correctly signed person read is answered with the seeded person', async () => {
    const res = await call('GET', PERSON);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ code: '0', result: { id: DEMO_PERSON_IDS[0], name: 'Gildong Hong' } });
    expect(emu.requests[0]).toMatchObject({ signatureValid: true, status: 200 });
  });

  it('a correctly signed tag list is answered with the seeded tags', async () => {
    const res = await call('GET', TAG_LIST);
    expect(res.status).toBe(200);
    expect(res.json.result.content.map((t: { id: number }) => t.id)).toEqual([...DEMO_PERSON_TAG_IDS]);
    expect(emu.requests[0]).toMatchObject({ signatureValid: true, status: 200 });
  });

  it('a badly signed tag creation changes nothing; the same request signed correctly creates the tag', async () => {
    expect((await call('POST', `${WS}/person-tags`, { name: 'Signed Only' }, 'wrong-secret')).status).toBe(401);
    const before = await call('GET', `${WS}/person-tags?pageNum=1&pageSize=50&name=Signed`);
    expect(before.json.result.totalCount).toBe(0);
    const created = await call('POST', `${WS}/person-tags`, { name: 'Signed Only' });
    expect(created.status).toBe(200);
    expect(created.json.result).toMatchObject({ name: 'Signed Only' });
  });

  it('a badly signed person update changes nothing', async () => {
    expect((await call('PATCH', PERSON, { description: 'tampered' }, 'wrong-secret')).status).toBe(401);
    expect((await call('GET', PERSON)).json.result.description).toBeNull();
  });

  it('a signature made for another path is refused (the signature covers the request-target)', async () => {
    const res = await signed('GET', PERSON, { signedTarget: TAG_LIST });
    expect(res.status).toBe(401);
    expect(res.json).toEqual(SIGNATURE_REFUSED);
  });
});
