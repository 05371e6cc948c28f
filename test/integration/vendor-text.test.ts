import { describe, expect, it } from 'vitest';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { ACME, useStack } from '../helpers/stack.js';

const ANALYZE = /* GraphQL */ `
  mutation { analyzeAsset(input: { workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}", analysisPersonCount: 1 }) { id createdAt createdBy } }
`;
const ECHOED_SIGNATURE = 'RG6nJ8SkzYq0b7bW1hK2x9t4Vd5eLmQpR3sT6uW8yA0=';

describe('vendor text that reaches clients', () => {
  const stack = useStack({}, { clearFaults: true });

  it('never passes an upstream auth failure text on (it may echo the signature or the access key)', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      fault: { kind: 'status', status: 401, body: { error: { errorCode: '200', message: `signature mismatch: ${ECHOED_SIGNATURE} for ${ACME.accessKey}` } } },
    });
    const res = await stack.gql(ANALYZE);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', upstream: { status: 401, code: '200' } });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(ECHOED_SIGNATURE);
    expect(text).not.toContain(ACME.accessKey);
  });

  it('keeps a readable vendor message but cuts token-like runs out of it', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      fault: { kind: 'status', status: 400, body: { code: '10001', message: `Invalid Request. (got ${ECHOED_SIGNATURE} / ${ACME.secretKey})` } },
    });
    const res = await stack.gql(ANALYZE);
    const error = res.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { status: 400, code: '10001' } });
    expect(error?.message).toContain('Invalid Request.');
    expect(JSON.stringify(res.body)).not.toContain(ECHOED_SIGNATURE);
    expect(JSON.stringify(res.body)).not.toContain(ACME.secretKey);
  });

  it('answers with the arrival time and logs a warning when createdTime is unreadable', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: { id: 77, createdTime: 'garbage', createdUserName: 'hong' } } },
    });
    const before = Date.now();
    const res = await stack.gql(ANALYZE);
    expect(res.body.data?.analyzeAsset.id).toBe('77');
    expect(Date.parse(res.body.data?.analyzeAsset.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(stack.logs.some((line) => line.includes('vendor answer needed a fallback') && line.includes('createdTime'))).toBe(true);
  });
});

describe.each([
  ['Asia/Seoul', '2025-08-15T08:13:48.000Z'],
  ['UTC', '2025-08-15T17:13:48.000Z'],
  ['America/New_York', '2025-08-15T21:13:48.000Z'],
])('createdTime read in MI_TIME_ZONE=%s', (zone, expected) => {
  const stack = useStack({ env: { MI_TIME_ZONE: zone } });

  it(`maps the vendor's offset-less 2025-08-15T17:13:48 to ${expected}`, async () => {
    stack.emulator.injectFault({
      method: 'POST',
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: { code: '0', message: 'success', result: { id: 1001, createdTime: '2025-08-15T17:13:48', createdUserName: 'hong' } },
      },
    });
    const res = await stack.gql(ANALYZE);
    expect(res.body.data?.analyzeAsset).toEqual({ id: '1001', createdAt: expected, createdBy: 'hong' });
  });
});
