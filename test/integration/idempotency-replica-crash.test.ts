import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { postGraphQL } from '../helpers/http.js';
import { waitFor } from '../helpers/live.js';
import { listeningUrl, startMain, type Child } from '../helpers/main-process.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { ACME, TENANT_KEY } from '../helpers/stack.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ANALYZE = `mutation { analyzeAsset(input: { workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}", analysisPersonCount: 1 }) { id } }`;
/**
 * UPSTREAM_TIMEOUT_MS 1500 gives a claim lease of 2 x (2 x 1.5 s + 5 s) = 16 s (src/edge/idempotency/create-store.ts),
 * renewed every third of it while the request runs; the vendor takes 5 s, so the request is in flight when its
 * replica is killed.
 */
const ENV = { UPSTREAM_TIMEOUT_MS: '1500', UPSTREAM_CONNECT_TIMEOUT_MS: '500', UPSTREAM_TENANT_QUEUE_TIMEOUT_MS: '500', UPSTREAM_READ_RETRIES: '0' };
const LEASE_MS = 16_000;

/**
 * CONTRACT.md, Idempotency-Key: a keyed mutation is "never run a second time while its first run may have reached
 * the vendor". A replica is SIGKILLed while its keyed POST is at the vendor; its claim's lease lapses; a retry with
 * the same key on another replica (real processes, real Redis) is not run again: 422, and one POST in all.
 */
describe('Idempotency-Key when the replica running a keyed mutation crashes', () => {
  let redis: RedisServer;
  let emulator: Emulator;
  let proxy: TcpProxy;
  let env: Record<string, string>;
  const children: Child[] = [];
  const start = async (): Promise<string> => {
    const child = startMain(env);
    children.push(child);
    await waitFor('a replica to listen', () => listeningUrl(child) !== null || child.process.exitCode !== null, 20_000);
    const url = listeningUrl(child);
    expect(url, child.output.join('')).not.toBeNull();
    return url!;
  };
  beforeAll(async () => {
    redis = await startRedis();
    emulator = await startEmulator({ credentials: [ACME], analysisStepMs: 60_000 });
    // The relay shows what left a gateway for the vendor (the emulator logs a request only once answered).
    proxy = await startTcpProxy(emulator.url);
    const tenantsFile = join(mkdtempSync(join(tmpdir(), 'mi-gateway-crash-')), 'tenants.json');
    writeFileSync(tenantsFile, JSON.stringify({ tenants: [{ id: 'acme', apiKeys: [TENANT_KEY], ...ACME, baseUrl: proxy.url }] }));
    env = { TENANTS_FILE: tenantsFile, REDIS_URL: redis.url, ...ENV };
  });
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await proxy?.close();
    await emulator?.close();
    await redis?.stop();
  });

  it('answers a retry after the lease lapsed 422 IDEMPOTENCY_KEY_REUSED (may have reached the vendor), with no second POST', async () => {
    const [first, second] = [await start(), await start()];
    const crashed = children[0]!;
    emulator.injectFault({ method: 'POST', path: /\/index$/, fault: { kind: 'delay', delayMs: 5_000 } });
    const posts = () => proxy.sent.filter((chunk) => /^POST \/api\/.*\/index /.test(chunk)).length;
    const headers = { authorization: `Bearer ${TENANT_KEY}`, 'idempotency-key': 'crash-1' };

    void postGraphQL(first, { query: ANALYZE }, headers).catch(() => null);
    await waitFor('the keyed POST to leave the first replica', () => posts() === 1, 10_000);
    const killedAt = Date.now();
    crashed.process.kill('SIGKILL');
    await crashed.exited;

    // Past the lease the first replica would have renewed, had it lived.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + LEASE_MS + 500 - Date.now())));
    const retry = await postGraphQL(second, { query: ANALYZE }, headers);
    expect(retry.status).toBe(422);
    expect(retry.json.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
    expect(retry.json.errors?.[0]?.message).toMatch(/may have reached the vendor/);
    // A later retry is refused the same way; the mutation was sent upstream once in all.
    expect((await postGraphQL(second, { query: ANALYZE }, headers)).status).toBe(422);
    expect(posts()).toBe(1);
    // Counted as refusals, apart from the other idempotency refusals.
    const metrics = await (await fetch(`${second}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    expect(metrics).toMatch(/^mi_gateway_rejections_total\{reason="idempotency_orphaned"\} 2$/m);
    // Only that key is blocked: a new key is sent upstream, and the vendor's answer shows why the first one must
    // not run again: the crashed replica's POST did reach it, and the analysis it started is running.
    emulator.clearFaults();
    const fresh = await postGraphQL(second, { query: ANALYZE }, { ...headers, 'idempotency-key': 'crash-2' });
    expect(posts()).toBe(2);
    expect(fresh.json.errors?.[0]?.extensions).toMatchObject({ code: 'ANALYSIS_IN_PROGRESS' });
  }, 60_000);
});
