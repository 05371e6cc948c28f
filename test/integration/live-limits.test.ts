import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_PROJECT_ID, DEMO_UPLOADING_ASSET_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from '../../src/live/ws-server.js';
import { PROGRESS, within } from '../helpers/live.js';
import { OTHER_TENANT_KEY, TENANT_KEY, startStack, type Stack } from '../helpers/stack.js';

/** Never finishes: BEFORE_ANALYZE for ever, so its streams stay open. */
const idle = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_UPLOADING_ASSET_ID) };

type Outcome = { how: 'next'; code?: string | undefined } | { how: 'error'; code?: string | undefined } | { how: 'complete' };

function firstOutcome(client: ReturnType<typeof createClient>, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (payload) => resolve({ how: 'next', code: (payload.errors?.[0]?.extensions as { code?: string } | undefined)?.code }),
        error: (errors) => resolve({ how: 'error', code: (errors as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code }),
        complete: () => resolve({ how: 'complete' }),
      },
    );
  });
}

describe('subscriptions obey the same limits as HTTP requests', () => {
  let stack: Stack;
  const clients: Array<ReturnType<typeof createClient>> = [];
  const connect = (key: string) => {
    const client = createClient({
      url: `${stack.gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    stack = await startStack({ acme: { rateLimit: { requests: 4, perSeconds: 60 } }, env: { MI_POLL_INTERVAL_MS: '1000', GRAPHQL_MAX_ALIASES: '1' } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await stack.close();
  });

  it('applies the operation limits (aliases) to subscription documents', async () => {
    const aliased = /* GraphQL */ `subscription ($workspaceName: String!, $projectId: ID!, $assetId: ID!) {
      analysisProgress(workspaceName: $workspaceName, projectId: $projectId, assetId: $assetId) { a: status b: status }
    }`;
    const outcome = await within('an answer', firstOutcome(connect(OTHER_TENANT_KEY), aliased, idle));
    expect(outcome).toEqual({ how: 'error', code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('answers variables that do not fit their types with BAD_USER_INPUT, as over HTTP (not a masked internal error)', async () => {
    const client = connect(OTHER_TENANT_KEY);
    const { assetId: _assetId, ...withoutAsset } = idle;
    expect(await within('an answer', firstOutcome(client, PROGRESS, withoutAsset))).toEqual({ how: 'error', code: 'BAD_USER_INPUT' });
    expect(await within('an answer', firstOutcome(client, PROGRESS, { ...idle, assetId: { not: 'an id' } }))).toEqual({ how: 'error', code: 'BAD_USER_INPUT' });
    const twoOperations = `${PROGRESS} ${PROGRESS.replace('Progress(', 'Other(')}`;
    expect(await within('an answer', firstOutcome(client, twoOperations, idle))).toEqual({ how: 'error', code: 'OPERATION_RESOLUTION_FAILURE' });
  });

  it('counts each subscribe against the tenant rate limit', async () => {
    const client = connect(TENANT_KEY);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await within('a first answer', firstOutcome(client, PROGRESS, idle)));
    expect(outcomes.slice(0, 4).every((o) => o.how === 'next' && o.code === undefined)).toBe(true);
    expect(outcomes[4]).toEqual({ how: 'error', code: 'RATE_LIMITED' });
  });

  it(`refuses more than ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions on one connection`, async () => {
    const client = connect(OTHER_TENANT_KEY);
    const first = await within(
      'the allowed subscriptions',
      Promise.all(Array.from({ length: MAX_SUBSCRIPTIONS_PER_SOCKET }, () => firstOutcome(client, PROGRESS, idle))),
    );
    expect(first.filter((o) => o.how !== 'next')).toEqual([]);
    expect(await within('one more', firstOutcome(client, PROGRESS, idle))).toEqual({ how: 'error', code: 'BAD_USER_INPUT' });
  });
});
