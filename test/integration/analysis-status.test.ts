import { describe, expect, it } from 'vitest';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_INDEX_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, useStack } from '../helpers/stack.js';

const STATUS = /* GraphQL */ `
  query Status($assetId: ID!) {
    analysisStatus(workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: $assetId) {
      status rawStatus message indexId terminal
    }
  }
`;

describe.each(['analyze', 'index'] as const)('analysisStatus with MI_ANALYZE_ENDPOINT=%s', (endpoint) => {
  const stack = useStack({ env: { MI_ANALYZE_ENDPOINT: endpoint } });

  it('reads the status endpoint that matches the analyze endpoint', async () => {
    const res = await stack.gql(STATUS, { assetId: String(DEMO_ANALYSED_ASSET_ID) });
    expect(res.body.data?.analysisStatus).toEqual({
      status: 'ANALYZE_COMPLETED',
      rawStatus: 'ANALYZE_COMPLETED',
      message: null,
      indexId: String(DEMO_INDEX_ID),
      terminal: true,
    });
    const suffix = endpoint === 'index' ? '/index/status' : '/analyze-status';
    expect(callsTo(stack.emulator, 'GET', suffix)).toHaveLength(1);
  });

  it('keeps an unknown vendor state as UNKNOWN with the raw value, and reads either message spelling', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: /status$/,
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: { code: '0', message: 'success', result: { status: 'ANALYZE_PAUSED', analysisStatusMessage: 'paused by operator', indexId: null } },
      },
    });
    const res = await stack.gql(STATUS, { assetId: String(DEMO_ASSET_ID) });
    expect(res.body.data?.analysisStatus).toEqual({
      status: 'UNKNOWN',
      rawStatus: 'ANALYZE_PAUSED',
      message: 'paused by operator',
      indexId: null,
      terminal: false,
    });
  });
});
