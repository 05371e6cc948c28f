import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { sandboxExplorer, startSandbox, type Sandbox } from '../../src/dev/sandbox.js';
import { createGateway, type Gateway } from '../../src/gateway.js';

// The explorer end to end, as a newcomer uses it: a real Chromium opens /graphql and presses run.
describe('explorer in sandbox mode (headless Chromium)', () => {
  let browser: Browser;
  let sandbox: Sandbox;
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    expect(config.explorer).toBe(true);
    sandbox = await startSandbox(config);
    gateway = createGateway(config, { logger: createLogger('silent'), tenants: [sandbox.tenant], explorer: sandboxExplorer(sandbox.apiKey) });
    url = await gateway.start();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      timeout: 30_000,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await sandbox?.emulator.close();
  });

  it('loads only from the gateway, opens with the demo key and example mutation, and runs it', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    const origin = new URL(url).origin;
    const elsewhere: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A 404 (the favicon's, say) is a console error in the browser: none may appear.
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const failed: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
    });
    await page.route('**/*', (route) => {
      const target = route.request().url();
      if (target.startsWith(`${origin}/`) || target.startsWith('data:')) return route.continue();
      elsewhere.push(target);
      return route.abort();
    });
    try {
      const response = await page.goto(`${url}/graphql`, { waitUntil: 'load' });
      expect(response?.headers()['content-type']).toContain('text/html');
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ state: 'visible' });
      // The example is in the editor and the key in the headers editor before anything is typed.
      await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 10_000 }).toContain('analyzeAsset');
      expect(await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)').innerText()).toContain('Bearer sandbox-demo-key');
      await run.click();
      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain('"id"');
      const text = await result.innerText();
      expect(text).toContain('"analyzeAsset"');
      expect(text).not.toContain('"errors"');
      expect(sandbox.emulator.requests.some((r) => r.method === 'POST' && r.target.endsWith('/index'))).toBe(true);
      expect(elsewhere).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(failed).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('serves the assets itself with long cache headers', async () => {
    const res = await fetch(`${url}/explorer/graphiql.min.js`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age=31536000');
    expect(res.headers.get('content-type')).toContain('javascript');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await fetch(`${url}/explorer/../package.json`, { signal: AbortSignal.timeout(10_000) })).status).toBe(404);
    // What a browser asks of any page on this origin: answered, never a 404.
    expect((await fetch(`${url}/favicon.ico`, { signal: AbortSignal.timeout(10_000) })).status).toBe(204);
  });
});
