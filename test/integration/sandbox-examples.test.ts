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
 * The walkthrough's search, scene-summary and people steps run as written, in the README's order.
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

/**
 * The queries of walkthrough step `n.` ("## Workflow"): each `gql '…'` line of the step's sh blocks, as the
 * README's gql helper sends it (`{"query": <the quoted text>}`).
 */
function workflowStep(n: number): string[] {
  const workflow = readme.slice(readme.indexOf('## Workflow'), readme.indexOf('### Following an analysis live'));
  const start = new RegExp(`^${n}\\. `, 'm').exec(workflow);
  expect(start, `walkthrough step ${n}`).not.toBeNull();
  const rest = workflow.slice(start!.index);
  const next = new RegExp(`^${n + 1}\\. `, 'm').exec(rest);
  const step = next ? rest.slice(0, next.index) : rest;
  const blocks = [...step.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const queries = blocks.flatMap((block) => [...block.matchAll(/^gql '([^']*)'$/gm)].map((m) => m[1]!));
  expect(queries.length, `gql commands in step ${n}`).toBeGreaterThan(0);
  return queries;
}

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
      execFile(
        process.execPath,
        [EXAMPLE, '5006'],
        { env: { PATH: process.env.PATH ?? '', GATEWAY_URL: url, API_KEY: sandbox.apiKey }, timeout: 18_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const statuses = out.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { data: { analysisProgress: { status: string } } }).data.analysisProgress.status);
    expect(statuses.at(-1)).toBe('ANALYZE_COMPLETED');
  });

  describe('walkthrough steps, as pasted', () => {
    const run = async (query: string): Promise<Record<string, any>> => {
      const res = await postGraphQL(url, { query }, { authorization: `Bearer ${sandbox.apiKey}` });
      expect(res.status, query).toBe(200);
      expect(res.json.errors, query).toBeUndefined();
      return res.json.data as Record<string, any>;
    };
    /** Runs a step's read again (as a reader would) until `done`, within the sandbox's few seconds. */
    const until = async (query: string, done: (data: Record<string, any>) => boolean): Promise<Record<string, any>> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const data = await run(query);
        if (done(data) || Date.now() > deadline) return data;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };

    it('the gql helper posts {"query": …} with the demo key to the sandbox', () => {
      const helper = /```sh\n(gql\(\) \{[\s\S]*?)```/.exec(readme)?.[1];
      expect(helper).toBeDefined();
      expect(helper).toContain("curl -s http://127.0.0.1:4000/graphql -H 'content-type: application/json'");
      expect(helper).toContain(`-H 'authorization: Bearer ${sandbox.apiKey}'`);
      expect(helper).toContain('JSON.stringify({ query: process.argv[1] })');
    });

    it('step 6 starts a search whose handle the read uses, and the read shows its hits once COMPLETED', async () => {
      const [start, read, ...more] = workflowStep(6);
      expect(more).toEqual([]);
      const started = await run(start!);
      expect(read).toContain(`id: "${started.startAssetSearch.id}"`);
      const first = await run(read!);
      expect(['IN_PROGRESS', 'COMPLETED']).toContain(first.assetSearch.searchStatus.status);
      const done = await until(read!, (d) => d.assetSearch.searchStatus.status === 'COMPLETED');
      expect(done.assetSearch.searchStatus.totalCount).toBeGreaterThan(0);
      expect(done.assetSearch.results.totalCount).toBe(done.assetSearch.searchStatus.totalCount);
      expect(done.assetSearch.results.nodes[0]).toMatchObject({
        indexId: expect.stringMatching(/^\d+$/),
        asset: { assetId: expect.stringMatching(/^\d+$/), fileName: expect.any(String) },
      });
    });

    it('step 7 requests a scene summary of 5001 and the read follows it to SUMMARIZE_COMPLETED', async () => {
      const [request, read, ...more] = workflowStep(7);
      expect(more).toEqual([]);
      expect((await run(request!)).requestSceneSummary).toEqual({ accepted: true });
      const running = await run(read!);
      expect(running.asset).toEqual({ sceneSummaryStatus: { status: 'WAIT_SUMMARIZE', terminal: false }, sceneSummary: null });
      const done = await until(read!, (d) => d.asset.sceneSummaryStatus.terminal === true);
      expect(done.asset.sceneSummaryStatus).toEqual({ status: 'SUMMARIZE_COMPLETED', terminal: true });
      expect(done.asset.sceneSummary).toMatchObject({ indexId: expect.stringMatching(/^\d+$/), lastAnalyzedAt: expect.any(String) });
      expect(done.asset.sceneSummary.sceneSummaries.length).toBeGreaterThan(0);
    });

    it('step 8 uploads a thumbnail, confirms it, creates a person with it, and finds the person', async () => {
      const [ticket, confirm, create, list, ...more] = workflowStep(8);
      expect(more).toEqual([]);
      const { key, uploadUrl } = (await run(ticket!)).createPersonThumbnailUpload;
      expect(uploadUrl).toMatch(/^https:\/\//);
      // The key the README's next commands use is the one a fresh sandbox hands out.
      expect(confirm).toContain(`key: "${key}"`);
      expect(create).toContain(`key: "${key}"`);
      expect((await run(confirm!)).confirmPersonThumbnailUpload).toEqual({ status: 'COMPLETED', ready: true });
      const person = (await run(create!)).createPerson;
      expect(person).toMatchObject({
        personId: expect.stringMatching(/^\d+$/),
        name: 'Younghee Lee',
        thumbnails: [{ id: expect.any(String), isPrimary: true }],
      });
      const { persons, personTags } = (await run(list!)).workspace;
      expect(persons.totalCount).toBe(persons.nodes.length);
      expect(persons.nodes.find((p: { personId: string }) => p.personId === person.personId)).toMatchObject({
        name: 'Younghee Lee',
        nameType: 'NAMED',
        tags: [],
      });
      expect(persons.nodes.some((p: { similarPersons: unknown[] }) => p.similarPersons.length > 0)).toBe(true);
      expect(personTags.nodes.length).toBeGreaterThan(0);
    });
  });
});
