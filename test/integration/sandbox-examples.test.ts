import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { sandboxBanner, sandboxExplorer, startSandbox, type Sandbox } from '../../src/dev/sandbox.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { postGraphQL } from '../helpers/http.js';

/**
 * The sandbox's examples as a newcomer runs them, one right after the other: the banner's curl, the
 * explorer's mutation and the README's curl each analyse their own asset (no ANALYSIS_IN_PROGRESS), and
 * the README's subscription client (examples/follow-analysis.mjs) follows one to its end on this Node.
 */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const EXAMPLE = new URL('../../examples/follow-analysis.mjs', import.meta.url).pathname;

/** The JSON body of the first `curl … -d '…'` in a text. */
function curlBody(text: string): { query: string } {
  const match = /curl -s [^\n]*\/graphql[\s\S]*?-d '(\{[^']+\})'/.exec(text);
  expect(match, 'a curl with a -d body').not.toBeNull();
  return JSON.parse(match![1]!) as { query: string };
}
const assetOf = (query: string) => /assetId: \\?"(\d+)\\?"/.exec(query)?.[1];

describe('sandbox examples', () => {
  let sandbox: Sandbox;
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    sandbox = await startSandbox(config);
    gateway = createGateway(config, { logger: createLogger('silent'), tenants: [sandbox.tenant], explorer: sandboxExplorer(sandbox.apiKey) });
    url = await gateway.start();
  });
  afterAll(async () => {
    await gateway?.stop();
    await sandbox?.emulator.close();
  });

  it('banner, explorer and README each analyse their own asset, and all succeed in a row', async () => {
    const examples = {
      banner: curlBody(sandboxBanner(url, sandbox.apiKey)).query,
      explorer: sandboxExplorer(sandbox.apiKey).defaultQuery,
      readme: curlBody(readme.slice(readme.indexOf('## Sandbox in one minute'))).query,
    };
    const assets = Object.values(examples).map(assetOf);
    expect(new Set(assets).size, `assets ${assets.join(', ')}`).toBe(3);
    for (const [name, query] of Object.entries(examples)) {
      const res = await postGraphQL(url, { query }, { authorization: `Bearer ${sandbox.apiKey}` });
      expect(res.json.errors, name).toBeUndefined();
      expect(res.json.data?.analyzeAsset?.id, name).toMatch(/^\d+$/);
    }
  });

  it("the README's subscription client follows an analysis to its end (Node's own version, ws as WebSocket)", async () => {
    // 5006 is analysing since the test above; the client prints each state and exits after the last.
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [EXAMPLE, '5006'], { env: { PATH: process.env.PATH ?? '', GATEWAY_URL: url, API_KEY: sandbox.apiKey }, timeout: 18_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const statuses = out.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { data: { analysisProgress: { status: string } } }).data.analysisProgress.status);
    expect(statuses.at(-1)).toBe('ANALYZE_COMPLETED');
  });
});
