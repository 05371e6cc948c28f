import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_ANALYSED_ASSET_ID,
  DEMO_ASSET_ID,
  DEMO_INDEX_ID,
  DEMO_PROJECT_ID,
  DEMO_SEARCH_HIT_COUNT,
  DEMO_SEARCH_ID,
  DEMO_TRAILER_ASSET_ID,
  DEMO_TRAILERS_PROJECT_ID,
  DEMO_WORKSPACE,
} from '../../src/dev/emulator/seed.js';
import { OTHER_TENANT_KEY, TENANT_KEY, callsTo, useStack, type Stack } from '../helpers/stack.js';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function connect(stack: Stack, key = TENANT_KEY): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${stack.gateway.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } });
  await client.connect(transport, { timeout: 10_000 });
  clients.push(client);
  return { client, transport };
}

const asset = (assetId: number, projectId = DEMO_PROJECT_ID) => ({ workspaceName: DEMO_WORKSPACE, projectId: String(projectId), assetId: String(assetId) });

/** One raw JSON-RPC POST to /mcp (the SDK client numbers its requests itself, so a retry needs this). */
async function rawPost(stack: Stack, key: string, sessionId: string, message: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${stack.gateway.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

describe('MCP tools at /mcp', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });

  it('lists the tools of mcp/tools/ with schemas derived from the GraphQL variables', async () => {
    const { client } = await connect(stack);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'analysis-status',
      'analyze-asset',
      'asset-search',
      'cancel-analysis',
      'cancel-scene-summary',
      'index-details',
      'list-assets',
      'request-index',
      'request-scene-summary',
      'scene-summary',
      'start-asset-search',
    ]);
    const analyze = tools.find((t) => t.name === 'analyze-asset')!;
    expect(analyze.description).toMatch(/^Request analysis \(indexing\) of a registered media asset/);
    expect(analyze.inputSchema.required).toEqual(['input']);
    const input = analyze.inputSchema.properties!['input'] as any;
    expect(input.required).toEqual(['workspaceName', 'projectId', 'assetId', 'analysisPersonCount']);
    expect(input.properties.sceneRange.enum).toEqual(['EXTRA_SHORT', 'SHORT', 'MEDIUM', 'LONG']);
    expect(input.properties.sourceLanguage.enum).toContain('ZH_CN');
    expect(input.properties.analysisPersonCount.description).toMatch(/0 to 10/);
    expect(analyze.inputSchema.properties!['idempotencyKey']).toMatchObject({ type: 'string' });
    const details = tools.find((t) => t.name === 'index-details')!;
    expect(details.inputSchema.required).toEqual(['workspaceName', 'projectId', 'assetId']);
    expect((details.inputSchema.properties!['confidenceLevel'] as any).enum).toEqual(['LOW', 'MEDIUM', 'HIGH']);
    expect(tools.find((t) => t.name === 'analysis-status')!.inputSchema.properties!['waitForTerminal']).toMatchObject({ type: 'boolean' });
    expect(tools.every((t) => t.outputSchema?.type === 'object')).toBe(true);
    const search = tools.find((t) => t.name === 'start-asset-search')!;
    const query = (search.inputSchema.properties!['input'] as any).properties.query;
    expect(Object.keys(query.properties)).toEqual(['text', 'imageKey', 'persons', 'dialog']);
    expect(search.inputSchema.properties!['idempotencyKey']).toMatchObject({ type: 'string' });
    expect(tools.find((t) => t.name === 'asset-search')!.inputSchema.required).toEqual(['workspaceName', 'id']);
    expect(tools.find((t) => t.name === 'scene-summary')!.description).toMatch(/^Read an asset's VLM scene summary/);
  });

  it('runs the read tools through the gateway engine', async () => {
    const { client } = await connect(stack);
    const listed = (await client.callTool({
      name: 'list-assets',
      arguments: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), pageSize: 10 },
    })) as any;
    expect(listed.isError).toBeFalsy();
    const page = listed.structuredContent.workspace.project.assets;
    expect(page.pageSize).toBe(10);
    expect(page.nodes.map((n: any) => n.assetId)).toContain(String(DEMO_ANALYSED_ASSET_ID));

    const status = (await client.callTool({ name: 'analysis-status', arguments: asset(DEMO_ANALYSED_ASSET_ID) })) as any;
    expect(status.structuredContent.analysisStatus).toMatchObject({ status: 'ANALYZE_COMPLETED', terminal: true });

    const details = (await client.callTool({ name: 'index-details', arguments: { ...asset(DEMO_ANALYSED_ASSET_ID), confidenceLevel: 'HIGH' } })) as any;
    expect(details.isError).toBeFalsy();
    expect(details.structuredContent.asset.latestIndex.id).toBe(status.structuredContent.analysisStatus.indexId);
    expect(details.structuredContent.asset.latestIndex.details.confidenceLevel).toBe('HIGH');
    expect(stack.emulator.requests.some((r) => r.method === 'GET' && r.target.includes(`/indexes/${details.structuredContent.asset.latestIndex.id}`))).toBe(
      true,
    );
    expect(stack.emulator.requests.every((r) => r.signatureValid && r.accessKey === 'ACMEACCESSKEY0001')).toBe(true);
    // Each tool call has its request line, told apart from /graphql requests by its request id.
    expect(stack.logs.some((l) => /"requestId":"mcp-[0-9a-f-]+".*"operationName":"IndexDetails"/.test(l))).toBe(true);
  });

  it('analyses once per idempotencyKey, turns a running analysis into an actionable error, and cancels', async () => {
    const { client } = await connect(stack);
    const call = {
      name: 'analyze-asset',
      arguments: { input: { ...asset(DEMO_ASSET_ID), analysisPersonCount: 2, sceneRange: 'SHORT' }, idempotencyKey: 'agent-run-1' },
    };
    const first = (await client.callTool(call)) as any;
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent.analyzeAsset.id).toMatch(/^\d+$/);
    const again = (await client.callTool(call)) as any;
    expect(again.structuredContent).toEqual(first.structuredContent);
    expect(callsTo(stack.emulator, 'POST', '/index')).toHaveLength(1);

    const custom = (await client.callTool({
      name: 'request-index',
      arguments: { input: { ...asset(DEMO_ASSET_ID), analysisPersonCount: 0, minSceneDurationSec: 5, maxSceneDurationSec: 30 } },
    })) as any;
    expect(custom.isError).toBe(true);
    expect(custom.structuredContent.error).toMatchObject({
      code: 'ANALYSIS_IN_PROGRESS',
      retryable: true,
      hint: expect.stringContaining('poll analysis-status'),
    });

    const cancelled = (await client.callTool({ name: 'cancel-analysis', arguments: { input: asset(DEMO_ASSET_ID) } })) as any;
    expect(cancelled.isError).toBeFalsy();
    expect(cancelled.structuredContent.cancelAnalysis.cancelled).toBe(true);

    const custom2 = (await client.callTool({
      name: 'request-index',
      arguments: {
        input: { ...asset(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), analysisPersonCount: 0, minSceneDurationSec: 5, maxSceneDurationSec: 30 },
      },
    })) as any;
    expect(custom2.isError).toBeFalsy();
    const posts = callsTo(stack.emulator, 'POST', '/index');
    expect(posts.at(-1)!.body).toMatchObject({ minSceneDurationSec: 5, maxSceneDurationSec: 30 });
  });

  it('starts a search and reads its status and a page of hits (status and default page: one upstream GET)', async () => {
    const { client } = await connect(stack);
    const started = (await client.callTool({
      name: 'start-asset-search',
      arguments: { input: { workspaceName: DEMO_WORKSPACE, query: { text: 'presenter on stage' }, filter: { projectIds: [String(DEMO_PROJECT_ID)] } } },
    })) as any;
    expect(started.isError).toBeFalsy();
    const { id } = started.structuredContent.startAssetSearch;
    expect(id).toMatch(/^search-\d+$/);
    expect(callsTo(stack.emulator, 'POST', '/assets/search')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'POST', '/assets/search')[0]!.body).toMatchObject({
      query: { textQuery: 'presenter on stage' },
      filter: { projectIds: [DEMO_PROJECT_ID] },
    });

    // The emulator's searches take analysisStepMs (60 s here): still running.
    const running = (await client.callTool({ name: 'asset-search', arguments: { workspaceName: DEMO_WORKSPACE, id } })) as any;
    expect(running.isError).toBeFalsy();
    expect(running.structuredContent.assetSearch).toMatchObject({
      id,
      searchStatus: { status: 'IN_PROGRESS', terminal: false, totalCount: null },
      results: null,
    });

    stack.emulator.clearRequests();
    const seeded = (await client.callTool({ name: 'asset-search', arguments: { workspaceName: DEMO_WORKSPACE, id: DEMO_SEARCH_ID } })) as any;
    expect(seeded.isError).toBeFalsy();
    const found = seeded.structuredContent.assetSearch;
    expect(found.searchStatus).toEqual({ status: 'COMPLETED', rawStatus: 'COMPLETED', terminal: true, totalCount: DEMO_SEARCH_HIT_COUNT });
    expect(found.results).toMatchObject({ totalCount: DEMO_SEARCH_HIT_COUNT, totalPages: 2, page: 1, pageSize: 50 });
    expect(found.results.nodes).toHaveLength(50);
    expect(found.results.nodes[0]).toMatchObject({
      indexId: String(DEMO_INDEX_ID),
      asset: { projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ANALYSED_ASSET_ID) },
      raw: { sceneId: 1, score: 0.99 },
    });
    expect(stack.emulator.requests.map((r) => `${r.method} ${r.target}`)).toEqual([
      `GET /api/v1/workspaces/${DEMO_WORKSPACE}/assets/search/${DEMO_SEARCH_ID}?pageNum=1&pageSize=50`,
    ]);

    const last = (await client.callTool({ name: 'asset-search', arguments: { workspaceName: DEMO_WORKSPACE, id: DEMO_SEARCH_ID, page: 2 } })) as any;
    expect(last.structuredContent.assetSearch.results).toMatchObject({ page: 2, totalPages: 2 });
    expect(last.structuredContent.assetSearch.results.nodes).toHaveLength(DEMO_SEARCH_HIT_COUNT - 50);
  });

  it('reads a scene summary, requests one, refuses a second while it runs (with a hint), and cancels it', async () => {
    const { client } = await connect(stack);
    const ref = asset(DEMO_ANALYSED_ASSET_ID);
    const seeded = (await client.callTool({ name: 'scene-summary', arguments: ref })) as any;
    expect(seeded.isError).toBeFalsy();
    expect(seeded.structuredContent.asset.sceneSummaryStatus).toEqual({
      status: 'SUMMARIZE_COMPLETED',
      rawStatus: 'SUMMARIZE_COMPLETED',
      message: null,
      terminal: true,
    });
    expect(seeded.structuredContent.asset.sceneSummary).toMatchObject({ indexId: String(DEMO_INDEX_ID), analyzedSceneIds: null });
    expect(seeded.structuredContent.asset.sceneSummary.sceneSummaries).toHaveLength(3);

    const requested = (await client.callTool({ name: 'request-scene-summary', arguments: { input: ref } })) as any;
    expect(requested.isError).toBeFalsy();
    expect(requested.structuredContent.requestSceneSummary).toEqual({ accepted: true });
    const busy = (await client.callTool({ name: 'request-scene-summary', arguments: { input: ref } })) as any;
    expect(busy.isError).toBe(true);
    expect(busy.structuredContent.error).toMatchObject({
      code: 'SCENE_SUMMARY_IN_PROGRESS',
      retryable: true,
      hint: expect.stringContaining('read scene-summary'),
    });
    expect(callsTo(stack.emulator, 'POST', `/assets/${DEMO_ANALYSED_ASSET_ID}/scene-summary`)).toHaveLength(2);

    const running = (await client.callTool({ name: 'scene-summary', arguments: ref })) as any;
    expect(running.structuredContent.asset).toEqual({
      sceneSummaryStatus: { status: 'WAIT_SUMMARIZE', rawStatus: 'WAIT_SUMMARIZE', message: null, terminal: false },
      sceneSummary: null,
    });

    const cancelled = (await client.callTool({ name: 'cancel-scene-summary', arguments: { input: ref } })) as any;
    expect(cancelled.isError).toBeFalsy();
    expect(cancelled.structuredContent.cancelSceneSummary).toEqual({ accepted: true });
    const nothing = (await client.callTool({ name: 'cancel-scene-summary', arguments: { input: ref } })) as any;
    expect(nothing.structuredContent.error).toMatchObject({ code: 'INVALID_STATE', retryable: false, hint: expect.stringContaining('scene-summary') });
    const after = (await client.callTool({ name: 'scene-summary', arguments: ref })) as any;
    expect(after.structuredContent.asset.sceneSummaryStatus).toMatchObject({ status: 'SUMMARIZE_CANCELED', terminal: true });
  });

  it('refuses a session to another tenant, and everything without a key', async () => {
    const { transport } = await connect(stack);
    const stolen = await rawPost(stack, OTHER_TENANT_KEY, transport.sessionId!, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(stolen.status).toBe(404);
    expect(stolen.text).not.toContain('analyze-asset');

    const res = await fetch(`${stack.gateway.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    const body = (await res.json()) as any;
    expect(body.errors[0]).toMatchObject({
      message: 'Missing or unknown API key: send Authorization: Bearer <apiKey>',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(connect(stack, 'not-a-key')).rejects.toThrow();
  });

  it('answers bad arguments with a schema error before any upstream call', async () => {
    const { client } = await connect(stack);
    const bad = (await client.callTool({
      name: 'analyze-asset',
      arguments: { input: { ...asset(DEMO_ASSET_ID), analysisPersonCount: 2, sceneRange: 'HUGE' } },
    })) as any;
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent.error).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
    expect(bad.structuredContent.error.message).toMatch(/HUGE/);
    const missing = (await client.callTool({ name: 'analysis-status', arguments: { workspaceName: DEMO_WORKSPACE } })) as any;
    expect(missing.structuredContent.error.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it('turns a vendor fault into isError with the contract code', async () => {
    const { client } = await connect(stack);
    stack.emulator.injectFault({ method: 'GET', path: /\/assets\/5001\//, fault: { kind: 'status', status: 503, body: { error: 'down' } } });
    const result = (await client.callTool({ name: 'analysis-status', arguments: asset(DEMO_ANALYSED_ASSET_ID) })) as any;
    expect(result.isError).toBe(true);
    expect(result.structuredContent.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(result.content[0].text).toMatch(/^UPSTREAM_UNAVAILABLE: /);
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(metrics).toContain('mi_gateway_mcp_tool_calls_total{tool="analysis-status",outcome="UPSTREAM_UNAVAILABLE"} 1');
    // The same call in the GraphQL request metrics, told apart from /graphql requests by its transport label.
    expect(metrics).toMatch(/^mi_gateway_graphql_requests_total\{operation="[A-Za-z]+",outcome="UPSTREAM_UNAVAILABLE",transport="mcp"\} 1$/m);
  });
});

describe('a retried MCP mutation', () => {
  // A stack of its own: the seeded asset below is analysed by no other test of this file.
  const stack = useStack({}, { clearRequests: true });

  it('a retried tools/call with the same session and JSON-RPC id makes one upstream POST and gets the first index id', async () => {
    const { transport } = await connect(stack);
    const message = {
      jsonrpc: '2.0',
      id: 'retry-me',
      method: 'tools/call',
      params: { name: 'analyze-asset', arguments: { input: { ...asset(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID), analysisPersonCount: 1 } } },
    };
    const first = await rawPost(stack, TENANT_KEY, transport.sessionId!, message);
    const second = await rawPost(stack, TENANT_KEY, transport.sessionId!, message);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const answer = (text: string) => JSON.parse(/^data: (.*)$/m.exec(text)![1]!).result;
    const firstResult = answer(first.text);
    expect(firstResult.isError, first.text).toBeFalsy();
    const indexId = firstResult.structuredContent.analyzeAsset.id;
    expect(indexId).toMatch(/^\d+$/);
    expect(answer(second.text).isError).toBeFalsy();
    expect(answer(second.text).structuredContent.analyzeAsset.id).toBe(indexId);
    expect(answer(second.text)).toEqual(firstResult);
    const posts = callsTo(stack.emulator, 'POST', '/index');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.target).toContain(`/assets/${DEMO_TRAILER_ASSET_ID}/index`);
  });
});

describe('analysis-status waitForTerminal', () => {
  const stack = useStack({ emulator: { analysisStepMs: 150 }, env: { MI_POLL_INTERVAL_MS: '100' } });

  it('waits for a terminal state and sends progress notifications from the shared poller', async () => {
    const { client } = await connect(stack);
    const started = (await client.callTool({ name: 'analyze-asset', arguments: { input: { ...asset(DEMO_ASSET_ID), analysisPersonCount: 1 } } })) as any;
    expect(started.isError).toBeFalsy();
    const progress: Array<{ progress: number; message?: string | undefined }> = [];
    const done = (await client.callTool({ name: 'analysis-status', arguments: { ...asset(DEMO_ASSET_ID), waitForTerminal: true } }, undefined, {
      onprogress: (p) => progress.push(p),
      timeout: 20_000,
    })) as any;
    expect(done.structuredContent.analysisStatus).toMatchObject({ status: 'ANALYZE_COMPLETED', terminal: true });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.message).toBe('ANALYZE_COMPLETED');
  });
});

describe('analysis-status waitForTerminal shares one poller', () => {
  const POLL_MS = 100;
  // Two steps of 600 ms: about a dozen polls of one loop while both calls wait.
  const stack = useStack({ emulator: { analysisStepMs: 600 }, env: { MI_POLL_INTERVAL_MS: String(POLL_MS) } });

  it('two agents waiting on the same asset cause one poll loop, not one each', async () => {
    const [a, b] = [await connect(stack), await connect(stack)];
    const ref = asset(DEMO_TRAILER_ASSET_ID, DEMO_TRAILERS_PROJECT_ID);
    const started = (await a.client.callTool({ name: 'analyze-asset', arguments: { input: { ...ref, analysisPersonCount: 1 } } })) as any;
    expect(started.isError).toBeFalsy();
    stack.emulator.clearRequests();

    const progress: string[][] = [[], []];
    const wait = (client: Client, i: number) =>
      client.callTool({ name: 'analysis-status', arguments: { ...ref, waitForTerminal: true } }, undefined, {
        onprogress: (p) => void progress[i]!.push(p.message ?? ''),
        timeout: 20_000,
      });
    const began = Date.now();
    const results = (await Promise.all([wait(a.client, 0), wait(b.client, 1)])) as any[];
    const elapsed = Date.now() - began;
    for (const result of results) expect(result.structuredContent.analysisStatus).toMatchObject({ status: 'ANALYZE_COMPLETED', terminal: true });
    for (const seen of progress) expect(seen.at(-1)).toBe('ANALYZE_COMPLETED');

    const gets = callsTo(stack.emulator, 'GET', `/assets/${DEMO_TRAILER_ASSET_ID}/index/status`);
    // After the terminal state each call reads the status once more through its own query: the last two GETs.
    const polls = gets.slice(0, -2);
    expect(polls.length).toBeGreaterThanOrEqual(5);
    // One loop reads at most once per interval (the next read starts POLL_MS after the previous one ended);
    // a loop per call would read twice as often, and both would read at once when the calls start.
    expect(polls.length).toBeLessThanOrEqual(Math.ceil(elapsed / POLL_MS) + 1);
    const gaps = polls.slice(1).map((r, i) => r.at - polls[i]!.at);
    expect(Math.min(...gaps), `gaps between polls: ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(POLL_MS - 5);
  });
});

describe('MCP tool calls and the tenant rate limit', () => {
  const stack = useStack({ acme: { rateLimit: { requests: 2, perSeconds: 60 } } });

  it('counts each tool call like a /graphql request and answers RATE_LIMITED with retryAfterSeconds', async () => {
    const { client } = await connect(stack);
    const call = { name: 'analysis-status', arguments: asset(DEMO_ANALYSED_ASSET_ID) };
    expect(((await client.callTool(call)) as any).isError).toBeFalsy();
    expect(((await client.callTool(call)) as any).isError).toBeFalsy();
    const limited = (await client.callTool(call)) as any;
    expect(limited.isError).toBe(true);
    expect(limited.structuredContent.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: expect.any(Number) });
    expect((await stack.gql('{ viewer { tenantId } }')).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(stack.logs.some((l) => /"requestId":"mcp-[^"]+".*"outcome":"RATE_LIMITED"/.test(l))).toBe(true);
    expect(await (await fetch(`${stack.gateway.url}/metrics`)).text()).toContain(
      'mi_gateway_mcp_tool_calls_total{tool="analysis-status",outcome="RATE_LIMITED"} 1',
    );
  });
});

describe('MCP_ENABLED=false', () => {
  const stack = useStack({ env: { MCP_ENABLED: 'false' } });

  it('serves no /mcp', async () => {
    const res = await fetch(`${stack.gateway.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TENANT_KEY}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/MCP_ENABLED=true/);
  });
});
