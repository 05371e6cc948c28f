import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { postGraphQL, type RawResponse } from '../helpers/http.js';
import { waitFor, within } from '../helpers/live.js';
import { listeningUrl, startMain, type Child } from '../helpers/main-process.js';
import { ACME, TENANT_KEY } from '../helpers/stack.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ANALYZE = `mutation { analyzeAsset(input: { workspaceName: "${DEMO_WORKSPACE}", projectId: "${DEMO_PROJECT_ID}", assetId: "${DEMO_ASSET_ID}", analysisPersonCount: 1 }) { id } }`;
const READ = `{ workspace(name: "${DEMO_WORKSPACE}") { name monthlyAnalysisCount } }`;
/** Short timings so the test stays short: each vendor answer takes 2.5 s of a 3 s upstream timeout. */
const UPSTREAM_DELAY_MS = 2_500;
const TIMINGS = { UPSTREAM_TIMEOUT_MS: '3000', UPSTREAM_CONNECT_TIMEOUT_MS: '500', UPSTREAM_TENANT_QUEUE_TIMEOUT_MS: '500', UPSTREAM_READ_RETRIES: '0' };

describe('SIGTERM to the gateway process during slow upstream calls', () => {
  let emulator: Emulator;
  let proxy: TcpProxy;
  let tenantsFile: string;
  const children: Child[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ credentials: [ACME], analysisStepMs: 60_000 });
    // The relay shows when each call has left the gateway (the emulator logs a request only once answered).
    proxy = await startTcpProxy(emulator.url);
    tenantsFile = join(mkdtempSync(join(tmpdir(), 'mi-gateway-drain-')), 'tenants.json');
    writeFileSync(tenantsFile, JSON.stringify({ tenants: [{ id: 'acme', apiKeys: [TENANT_KEY], ...ACME, baseUrl: proxy.url }] }));
  });
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await proxy.close();
    await emulator.close();
  });

  it('answers every request in flight (grace derived from the upstream timeout), then exits 0', async () => {
    emulator.injectFault({ path: /^\/api\//, fault: { kind: 'delay', delayMs: UPSTREAM_DELAY_MS } });
    const child = startMain({ TENANTS_FILE: tenantsFile, ...TIMINGS });
    children.push(child);
    await waitFor('the gateway to listen', () => listeningUrl(child) !== null || child.process.exitCode !== null, 20_000);
    const url = listeningUrl(child);
    expect(url, child.output.join('')).not.toBeNull();

    const sentBefore = proxy.sent.length;
    const answers: Array<Promise<RawResponse | string>> = [ANALYZE, ...Array.from({ length: 9 }, () => READ)].map((query) =>
      postGraphQL(url!, { query }, { authorization: `Bearer ${TENANT_KEY}` }).catch(
        (error: unknown) => `dropped: ${String((error as { cause?: unknown }).cause ?? error)}`,
      ),
    );
    const started = () => proxy.sent.slice(sentBefore).filter((chunk) => /^(GET|POST) \/api\//.test(chunk)).length;
    await waitFor('all 10 upstream calls to be in flight', () => started() >= 10, 10_000);

    const signalledAt = Date.now();
    child.process.kill('SIGTERM');
    const results = await within('every answer', Promise.all(answers), 15_000);
    const code = await within('the process to exit', child.exited, 15_000);

    for (const result of results) {
      expect(typeof result === 'string' ? result : { status: result.status, errors: result.json.errors }).toEqual({ status: 200, errors: undefined });
    }
    expect((results[0] as RawResponse).json.data?.analyzeAsset).toMatchObject({ id: expect.stringMatching(/^\d+$/) });
    expect(code).toBe(0);
    // The answers took the vendor's time, not less: they were in flight when SIGTERM came.
    expect(Date.now() - signalledAt).toBeGreaterThan(UPSTREAM_DELAY_MS / 2);
    expect(child.output.join('')).toContain('"msg":"stopped"');
  }, 60_000);

  it('refuses to start when SHUTDOWN_GRACE_MS is shorter than UPSTREAM_TIMEOUT_MS (exit 2, the fix named)', async () => {
    const child = startMain({ TENANTS_FILE: tenantsFile, ...TIMINGS, SHUTDOWN_GRACE_MS: '2000' });
    children.push(child);
    expect(await within('the process to exit', child.exited, 20_000)).toBe(2);
    expect(child.output.join('')).toMatch(/SHUTDOWN_GRACE_MS \(2000\) is shorter than UPSTREAM_TIMEOUT_MS \(3000\)/);
  }, 30_000);
});
