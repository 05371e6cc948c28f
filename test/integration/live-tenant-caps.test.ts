import { createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DEMO_ASSET_ID,
  DEMO_PROJECT_ID,
  DEMO_TRAILER_ASSET_ID,
  DEMO_TRAILERS_PROJECT_ID,
  DEMO_UPLOADING_ASSET_ID,
  DEMO_WORKSPACE,
} from '../../src/dev/emulator/seed.js';
import { CLOSE_TOO_MANY_SOCKETS } from '../../src/live/ws-server.js';
import { follow, PROGRESS, waitFor, within, type Follower } from '../helpers/live.js';
import { OTHER_TENANT_KEY, TENANT_KEY, useStack } from '../helpers/stack.js';

/** None of these finishes while the test runs (analysisStepMs is a minute; none is being analysed). */
const asset = (assetId: number, projectId = DEMO_PROJECT_ID) => ({ workspaceName: DEMO_WORKSPACE, projectId: String(projectId), assetId: String(assetId) });

interface Stream {
  first: Promise<{ status?: string; code?: string }>;
  unsubscribe(): void;
}

/** One subscription on `client`: its first payload (a status or an error code), and a way to stop it. */
function subscribe(client: Client, variables: Record<string, unknown>): Stream {
  let unsubscribe = () => {};
  const first = new Promise<{ status?: string; code?: string }>((resolve, reject) => {
    unsubscribe = client.subscribe(
      { query: PROGRESS, variables },
      {
        next: (payload) => {
          const extensions = payload.errors?.[0]?.extensions as { code?: string; retryable?: boolean } | undefined;
          const code = extensions?.code === undefined ? undefined : `${extensions.code}${extensions.retryable ? ' (retryable)' : ''}`;
          const status = (payload.data as { analysisProgress?: { status: string } } | null | undefined)?.analysisProgress?.status;
          resolve({ ...(status ? { status } : {}), ...(code ? { code } : {}) });
        },
        error: reject,
        complete: () => {},
      },
    );
  });
  return { first, unsubscribe: () => unsubscribe() };
}

describe('per-tenant caps on live subscriptions (tenants file `live`)', () => {
  const stack = useStack({ acme: { live: { maxSockets: 2 } }, globex: { live: { maxTargets: 2 } }, env: { MI_POLL_INTERVAL_MS: '1000' } });
  const followers: Follower[] = [];
  const clients: Client[] = [];
  afterAll(async () => {
    await Promise.all([...followers.map((f) => f.dispose()), ...clients.map((c) => c.dispose())]);
  });
  const followAs = (key: string) => {
    const follower = follow(stack.gateway.url, { authorization: `Bearer ${key}` }, asset(DEMO_UPLOADING_ASSET_ID));
    followers.push(follower);
    return follower;
  };

  it("closes a tenant's socket beyond its live.maxSockets with 4429, while another tenant connects", async () => {
    const [one, two] = [followAs(TENANT_KEY), followAs(TENANT_KEY)];
    await waitFor('both sockets streaming', () => one.payloads.length > 0 && two.payloads.length > 0);
    const three = followAs(TENANT_KEY);
    const ended = await within('the third socket refused', three.ended);
    expect(ended.how).toBe('error');
    expect(three.closes).toEqual([CLOSE_TOO_MANY_SOCKETS]);
    expect((ended.detail as { reason?: string }).reason).toMatch(/live\.maxSockets/);
    expect(three.payloads).toEqual([]);

    const other = followAs(OTHER_TENANT_KEY);
    await waitFor('the other tenant streaming', () => other.payloads.length > 0);
    expect(other.closes).toEqual([]);

    // A closed socket frees its place.
    await one.dispose();
    await waitFor('the first socket closed', () => one.closes.length > 0);
    const four = followAs(TENANT_KEY);
    await waitFor('a new socket streaming after one closed', () => four.payloads.length > 0 || four.closes.length > 0);
    expect(four.closes).toEqual([]);
    expect(four.statuses()[0]).toBe('BEFORE_ANALYZE');
  });

  it('answers a subscribe to a distinct asset beyond live.maxTargets with RATE_LIMITED and no vendor call', async () => {
    const client = createClient({
      url: `${stack.gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${OTHER_TENANT_KEY}` },
      retryAttempts: 0,
    });
    clients.push(client);
    // The first test's globex socket (if it ran) follows DEMO_UPLOADING_ASSET_ID already: it counts once.
    const a = subscribe(client, asset(DEMO_UPLOADING_ASSET_ID));
    const b = subscribe(client, asset(DEMO_ASSET_ID));
    expect(await within('two targets', Promise.all([a.first, b.first]))).toEqual([{ status: 'BEFORE_ANALYZE' }, { status: 'BEFORE_ANALYZE' }]);

    stack.emulator.clearRequests();
    const third = await within('the third target refused', subscribe(client, asset(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID)).first);
    expect(third).toEqual({ code: 'RATE_LIMITED (retryable)' });
    expect(stack.emulator.requests.filter((r) => r.target.includes(`/assets/${DEMO_TRAILER_ASSET_ID}/`))).toEqual([]);

    // Following a followed asset again does not count twice.
    expect(await within('a repeated target', subscribe(client, asset(DEMO_UPLOADING_ASSET_ID)).first)).toEqual({ status: 'BEFORE_ANALYZE' });

    // Once its last subscriber leaves, a target no longer counts (the complete is handled before the next subscribe).
    b.unsubscribe();
    expect(await within('a new target', subscribe(client, asset(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID)).first)).toEqual({ status: 'BEFORE_ANALYZE' });
    expect(stack.emulator.requests.some((r) => r.target.includes(`/assets/${DEMO_TRAILER_ASSET_ID}/`))).toBe(true);
  });
});
