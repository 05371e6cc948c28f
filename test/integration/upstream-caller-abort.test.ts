import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { isGatewayError } from '../../src/common/errors.js';
import { startEmulator, type Emulator } from '../../src/dev/emulator/index.js';
import { DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { createTenant } from '../../src/config/tenants.js';
import { VendorClient } from '../../src/upstream/client.js';
import { ACME } from '../helpers/stack.js';

/**
 * A caller's AbortSignal (a live poller stopping) must end its in-flight vendor call at once, through the
 * per-attempt deadline signal handed to undici, not after UPSTREAM_TIMEOUT_MS.
 */
describe('VendorClient: a caller abort ends the upstream call', () => {
  let emulator: Emulator;
  let client: VendorClient;
  beforeAll(async () => {
    emulator = await startEmulator({ credentials: [ACME], analysisStepMs: 60_000 });
    emulator.injectFault({ method: 'GET', path: /analyze-status|status/, fault: { kind: 'hang' } });
    const config = loadConfig({ UPSTREAM_TIMEOUT_MS: '30000' });
    client = new VendorClient({ upstream: config.upstream, defaultBaseUrl: emulator.url });
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it('rejects with the abort (UPSTREAM_UNAVAILABLE, AbortError detail) well before the 30 s deadline', async () => {
    const tenant = createTenant({
      id: 'acme',
      apiKeyDigests: [],
      accessKey: ACME.accessKey,
      secretKey: ACME.secretKey,
      baseUrl: emulator.url,
      rateLimit: null,
    });
    const controller = new AbortController();
    const call = client.forTenant(tenant).call({
      method: 'GET',
      path: `/api/v1/workspaces/${DEMO_WORKSPACE}/projects/${DEMO_PROJECT_ID}/assets/${DEMO_ASSET_ID}/analyze-status`,
      endpoint: 'analyze-status',
      retry: false,
      signal: controller.signal,
    });
    const settled = call.then(
      () => 'answered',
      (error: unknown) => error,
    );
    // The request must have reached the emulator (and be hanging there) before the abort.
    for (let i = 0; i < 100 && emulator.requests.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(emulator.requests).toHaveLength(1);
    controller.abort();
    const outcome = await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 5_000, 'still waiting'))]);
    expect(isGatewayError(outcome)).toBe(true);
    expect((outcome as { code: string }).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(((outcome as { detail: { name?: string } }).detail ?? {}).name).toBe('AbortError');
  });
});
