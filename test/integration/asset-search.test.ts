import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEMO_ANALYSED_ASSET_ID,
  DEMO_PROJECT_ID,
  DEMO_SEARCH_HIT_COUNT,
  DEMO_SEARCH_ID,
  DEMO_TRAILERS_PROJECT_ID,
  DEMO_WORKSPACE,
} from '../../src/dev/emulator/seed.js';
import { postGraphQL } from '../helpers/http.js';
import { follow, within } from '../helpers/live.js';
import { callsTo, TENANT_KEY, useStack } from '../helpers/stack.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/vendor/${name}.json`, import.meta.url), 'utf8')).response;
const AUTH = { authorization: `Bearer ${TENANT_KEY}` };

const TICKET = /* GraphQL */ `mutation Ticket($input: SearchImageUploadInput!) { createSearchImageUpload(input: $input) { key uploadUrl expiresAt } }`;
const CONFIRM = /* GraphQL */ `mutation Confirm($input: SearchImageConfirmInput!) { confirmSearchImageUpload(input: $input) { key status rawStatus message ready } }`;
const START = /* GraphQL */ `mutation Start($input: StartAssetSearchInput!) { startAssetSearch(input: $input) { workspaceName id } }`;
const READ = /* GraphQL */ `
  query Read($ws: String!, $id: ID!, $page: Int! = 1, $pageSize: Int! = 50) {
    assetSearch(workspaceName: $ws, id: $id) {
      id searchStatus { status rawStatus terminal totalCount }
      results(page: $page, pageSize: $pageSize) { totalCount totalPages page pageSize nodes { indexId raw asset { assetId projectId } } }
    }
  }
`;
const READ_NAMES = /* GraphQL */ `
  query Names($ws: String!, $id: ID!) { assetSearch(workspaceName: $ws, id: $id) { results { nodes { asset { assetId fileName } } } } }
`;
const PROGRESS = /* GraphQL */ `
  subscription P($workspaceName: String!, $id: ID!) { assetSearchProgress(workspaceName: $workspaceName, id: $id) { status rawStatus terminal totalCount } }
`;

const textSearch = (extra: Record<string, unknown> = {}, query: Record<string, unknown> = { text: 'presenter on stage' }) => ({
  input: { workspaceName: DEMO_WORKSPACE, query, filter: { projectIds: [String(DEMO_PROJECT_ID)] }, ...extra },
});

describe('asset search against the emulator', () => {
  const stack = useStack(
    { env: { MI_POLL_INTERVAL_MS: '100' }, emulator: { analysisStepMs: 300, importStepMs: 400 } },
    { clearRequests: true, clearFaults: true },
  );

  it('upload ticket, confirm, then an image search: each mutation one POST with the documented bodies', async () => {
    const before = Date.now();
    const ticket = await stack.gql(TICKET, { input: { fileName: 'query.PNG' } });
    expect(ticket.body.errors).toBeUndefined();
    const t = ticket.body.data!.createSearchImageUpload;
    expect(t.key).toMatch(/query\.PNG$/);
    expect(t.uploadUrl).toMatch(/^https:\/\//);
    const expires = Date.parse(t.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 899_000);
    expect(callsTo(stack.emulator, 'POST', '/query-assets/uploads/presigned-url').map((r) => r.body)).toEqual([
      { assetType: 'IMAGE', assetFileName: 'query.PNG' },
    ]);

    const early = await stack.gql(CONFIRM, { input: { key: t.key } });
    // The upload "arrives" importStepMs after the ticket: long enough that a loaded machine still sees it in flight.
    expect(early.body.data!.confirmSearchImageUpload).toMatchObject({ key: t.key, status: 'IN_PROGRESS', ready: false });
    await new Promise((r) => setTimeout(r, 450));
    const done = await stack.gql(CONFIRM, { input: { key: t.key } });
    expect(done.body.data!.confirmSearchImageUpload).toEqual({ key: t.key, status: 'COMPLETED', rawStatus: 'COMPLETED', message: null, ready: true });
    expect(callsTo(stack.emulator, 'POST', '/uploads/complete').map((r) => r.body)).toEqual([{ assetKey: t.key }, { assetKey: t.key }]);

    const started = await stack.gql(START, textSearch({}, { imageKey: t.key }));
    expect(started.body.errors).toBeUndefined();
    expect(started.body.data!.startAssetSearch.id).toMatch(/^search-/);
    expect(callsTo(stack.emulator, 'POST', '/assets/search')[0]!.body).toEqual({ query: { imageQuery: t.key }, filter: { projectIds: [DEMO_PROJECT_ID] } });
    // A presigned URL is a storage grant for the client: never in a log line with its query string.
    expect(stack.logs.filter((line) => line.includes('X-Amz-Signature'))).toEqual([]);
  });

  it('maps a full search body (persons, dialog, media types, dates in MI_TIME_ZONE, confidence level)', async () => {
    const res = await stack.gql(
      START,
      textSearch(
        {
          confidenceLevel: 'HIGH',
          filter: {
            projectIds: ['1001'],
            assetIds: ['5001'],
            mediaTypes: ['VIDEO'],
            indexModifiedFrom: '2026-03-01T15:00:00Z',
            indexModifiedTo: '2026-03-02T00:00:00.000Z',
          },
        },
        { text: '  weather  ', persons: { all: ['1001'], any: [], none: ['7'] }, dialog: { any: ['rain'] } },
      ),
    );
    expect(res.body.errors).toBeUndefined();
    expect(callsTo(stack.emulator, 'POST', '/assets/search')[0]!.body).toEqual({
      query: { textQuery: 'weather', personQuery: { must: [1001], not: [7] }, dialogQuery: { any: ['rain'] } },
      filter: { projectIds: [1001], assetIds: [5001], assetTypes: ['VIDEO'], indexModifiedFrom: '2026-03-02T00:00:00', indexModifiedTo: '2026-03-02T09:00:00' },
      queryOption: { confidenceLevel: 'HIGH' },
    });
  });

  it('reads the seeded search: status and a default page share one GET; hits carry their asset and raw item', async () => {
    const res = await stack.gql(READ, { ws: DEMO_WORKSPACE, id: DEMO_SEARCH_ID });
    expect(res.body.errors).toBeUndefined();
    const search = res.body.data!.assetSearch;
    expect(search.searchStatus).toEqual({ status: 'COMPLETED', rawStatus: 'COMPLETED', terminal: true, totalCount: DEMO_SEARCH_HIT_COUNT });
    expect(search.results).toMatchObject({ totalCount: 60, totalPages: 2, page: 1, pageSize: 50 });
    expect(search.results.nodes).toHaveLength(50);
    expect(search.results.nodes[0]).toMatchObject({ indexId: '9001', asset: { assetId: String(DEMO_ANALYSED_ASSET_ID), projectId: String(DEMO_PROJECT_ID) } });
    expect(search.results.nodes[0].raw).toMatchObject({ assetId: DEMO_ANALYSED_ASSET_ID, sceneId: 1 });
    expect(stack.emulator.requests.map((r) => `${r.method} ${r.target}`)).toEqual([
      `GET /api/v1/workspaces/${DEMO_WORKSPACE}/assets/search/${DEMO_SEARCH_ID}?pageNum=1&pageSize=50`,
    ]);
  });

  it('N+1: 50 hits needing fileName cost the page GET plus one GET per distinct asset (4), not 50', async () => {
    const res = await stack.gql(READ_NAMES, { ws: DEMO_WORKSPACE, id: DEMO_SEARCH_ID });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.assetSearch.results.nodes[0].asset.fileName).toBe('intro.mp4');
    expect(callsTo(stack.emulator, 'GET', `/search/${DEMO_SEARCH_ID}`)).toHaveLength(1);
    const assetGets = stack.emulator.requests.filter((r) => /\/assets\/\d+$/.test(r.target));
    expect(assetGets.map((r) => r.target.split('/').at(-1)).sort()).toEqual(['5001', '5002', '5004', '5101']);
    expect(stack.emulator.requests).toHaveLength(5);
  });

  it('a second page is its own GET; results stay null until COMPLETED; an unknown state is UNKNOWN, not terminal', async () => {
    const page2 = await stack.gql(READ, { ws: DEMO_WORKSPACE, id: DEMO_SEARCH_ID, page: 2 });
    expect(page2.body.data!.assetSearch.results.nodes).toHaveLength(10);
    expect(callsTo(stack.emulator, 'GET', `/search/${DEMO_SEARCH_ID}`).map((r) => r.target.split('?')[1])).toEqual([
      'pageNum=1&pageSize=50',
      'pageNum=2&pageSize=50',
    ]);

    stack.emulator.injectFault({
      method: 'GET',
      path: /\/assets\/search\//,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: { status: 'QUEUED' } } },
    });
    const odd = await stack.gql(READ, { ws: DEMO_WORKSPACE, id: 'x1' });
    expect(odd.body.data!.assetSearch).toEqual({
      id: 'x1',
      searchStatus: { status: 'UNKNOWN', rawStatus: 'QUEUED', terminal: false, totalCount: null },
      results: null,
    });
  });

  it('reads the vendor fixture answer tolerantly', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: /\/assets\/search\//,
      times: 1,
      fault: { kind: 'status', status: 200, body: fixture('get-asset-search-result').body },
    });
    const res = await stack.gql(READ, { ws: DEMO_WORKSPACE, id: 'JtWJKTDexample' });
    expect(res.body.data!.assetSearch.results.nodes).toEqual([
      { indexId: '1001', raw: { projectId: 1234, assetId: 5678, indexId: 1001 }, asset: { assetId: '5678', projectId: '1234' } },
    ]);
  });

  it('assetSearchProgress: IN_PROGRESS at once, then COMPLETED, then completes (one shared poller)', async () => {
    const started = await stack.gql(START, textSearch());
    const id = started.body.data!.startAssetSearch.id as string;
    const f = follow(stack.gateway.url, { authorization: `Bearer ${TENANT_KEY}` }, { workspaceName: DEMO_WORKSPACE, id }, PROGRESS);
    try {
      expect(await within('search progress', f.ended)).toEqual({ how: 'complete' });
      const states = f.payloads.map((p) => p.data?.assetSearchProgress);
      expect(states[0]).toEqual({ status: 'IN_PROGRESS', rawStatus: 'IN_PROGRESS', terminal: false, totalCount: null });
      expect(states.at(-1)).toEqual({ status: 'COMPLETED', rawStatus: 'COMPLETED', terminal: true, totalCount: 3 });
      expect(callsTo(stack.emulator, 'GET', `/search/${id}`).every((r) => r.target.endsWith('?pageNum=1&pageSize=1'))).toBe(true);
    } finally {
      await f.dispose();
    }
  });

  it('assetSearchProgress with a bad id is BAD_USER_INPUT with no upstream call', async () => {
    const f = follow(stack.gateway.url, { authorization: `Bearer ${TENANT_KEY}` }, { workspaceName: DEMO_WORKSPACE, id: '../x' }, PROGRESS);
    try {
      await within('bad subscription', f.ended);
      expect(f.payloads[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(stack.emulator.requests).toEqual([]);
    } finally {
      await f.dispose();
    }
  });

  it('startAssetSearch goes upstream once even when retried with an Idempotency-Key', async () => {
    const body = { query: START, operationName: 'Start', variables: textSearch() };
    const headers = { ...AUTH, 'idempotency-key': 'search-once' };
    const first = await postGraphQL(stack.gateway.url, body, headers);
    const again = await postGraphQL(stack.gateway.url, body, headers);
    expect(again.text).toBe(first.text);
    const ticket = { query: TICKET, operationName: 'Ticket', variables: { input: { fileName: 'a.jpg' } } };
    const t1 = await postGraphQL(stack.gateway.url, ticket, { ...AUTH, 'idempotency-key': 'ticket-once' });
    const t2 = await postGraphQL(stack.gateway.url, ticket, { ...AUTH, 'idempotency-key': 'ticket-once' });
    expect(t2.text).toBe(t1.text);
    const confirm = { query: CONFIRM, operationName: 'Confirm', variables: { input: { key: 'query-images/1/query.PNG' } } };
    const c1 = await postGraphQL(stack.gateway.url, confirm, { ...AUTH, 'idempotency-key': 'confirm-once' });
    const c2 = await postGraphQL(stack.gateway.url, confirm, { ...AUTH, 'idempotency-key': 'confirm-once' });
    expect(c2.text).toBe(c1.text);
    expect(callsTo(stack.emulator, 'POST', '/assets/search')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'POST', '/presigned-url')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'POST', '/uploads/complete')).toHaveLength(1);
  });

  it.each([
    ['both text and imageKey', textSearch({}, { text: 'a', imageKey: 'k' }), 'query.imageKey'],
    ['neither text nor imageKey', textSearch({}, {}), 'query.text'],
    ['blank text', textSearch({}, { text: '   ' }), 'query.text'],
    ['text over 1000', textSearch({}, { text: 'a'.repeat(1001) }), 'query.text'],
    ['a forbidden character', textSearch({}, { text: 'a;b' }), 'query.text'],
    ['a forbidden pipe in a phrase', textSearch({}, { text: 'a', dialog: { all: ['x|y'] } }), 'query.dialog.all[0]'],
    ['a phrase over 200', textSearch({}, { text: 'a', dialog: { none: ['p'.repeat(201)] } }), 'query.dialog.none[0]'],
    ['51 phrases', textSearch({}, { text: 'a', dialog: { any: Array.from({ length: 51 }, () => 'p') } }), 'query.dialog.any'],
    ['51 person ids', textSearch({}, { text: 'a', persons: { any: Array.from({ length: 51 }, (_, i) => String(i + 1)) } }), 'query.persons.any'],
    ['a person id that is no integer', textSearch({}, { text: 'a', persons: { all: ['x'] } }), 'query.persons.all'],
    ['no projectIds or assetIds', textSearch({ filter: { projectIds: [] } }), 'filter.projectIds'],
    ['1001 project ids', textSearch({ filter: { projectIds: Array.from({ length: 1001 }, (_, i) => String(i + 1)) } }), 'filter.projectIds'],
    ['mediaTypes UNKNOWN', textSearch({ filter: { projectIds: ['1'], mediaTypes: ['UNKNOWN'] } }), 'filter.mediaTypes'],
    [
      'From after To',
      textSearch({ filter: { projectIds: ['1'], indexModifiedFrom: '2026-03-02T00:00:00Z', indexModifiedTo: '2026-03-01T00:00:00Z' } }),
      'filter.indexModifiedFrom',
    ],
    ['a bad workspace', { input: { ...textSearch().input, workspaceName: 'a/b' } }, 'workspaceName'],
  ])('startAssetSearch refuses %s before any upstream call', async (_what, variables, field) => {
    const res = await stack.gql(START, variables);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(stack.emulator.requests).toEqual([]);
  });

  it.each([
    [TICKET, { input: { fileName: 'a.gif' } }, 'fileName'],
    [TICKET, { input: { fileName: 'dir/a.jpg' } }, 'fileName'],
    [TICKET, { input: { fileName: `${'a'.repeat(252)}.jpg` } }, 'fileName'],
    [CONFIRM, { input: { key: 'has space' } }, 'key'],
    [CONFIRM, { input: { key: '' } }, 'key'],
    [READ, { ws: DEMO_WORKSPACE, id: DEMO_SEARCH_ID, pageSize: 101 }, 'pageSize'],
    [READ, { ws: DEMO_WORKSPACE, id: DEMO_SEARCH_ID, page: 0 }, 'page'],
    [READ, { ws: DEMO_WORKSPACE, id: '..' }, 'id'],
  ])('refuses bad input (%#) with no upstream call', async (query, variables, field) => {
    const res = await stack.gql(query, variables);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(stack.emulator.requests.filter((r) => !r.target.includes('pageNum=1&pageSize=50'))).toEqual([]);
  });

  it('vendor faults: QUOTA_EXCEEDED on start, a 409 as INVALID_STATE, an answer without a handle, key or URL is UPSTREAM_UNAVAILABLE, a 404 read is NOT_FOUND', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      path: /\/assets\/search$/,
      times: 1,
      fault: { kind: 'status', status: 429, body: { error: { errorCode: '400', message: 'Quota Exceeded' } } },
    });
    expect((await stack.gql(START, textSearch())).body.errors![0]!.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: false });
    stack.emulator.injectFault({
      method: 'POST',
      path: /\/assets\/search$/,
      times: 1,
      fault: { kind: 'status', status: 409, body: { code: '409', message: 'conflict' } },
    });
    expect((await stack.gql(START, textSearch())).body.errors![0]!.extensions).toMatchObject({ code: 'INVALID_STATE' });
    stack.emulator.injectFault({
      method: 'POST',
      path: /\/assets\/search$/,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: {} } },
    });
    expect((await stack.gql(START, textSearch())).body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    stack.emulator.injectFault({
      method: 'POST',
      path: /presigned-url$/,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: { assetFileKey: 'k' } } },
    });
    expect((await stack.gql(TICKET, { input: { fileName: 'a.jpg' } })).body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    stack.emulator.injectFault({ method: 'POST', path: /uploads\/complete$/, times: 1, fault: { kind: 'status', status: 503 } });
    expect((await stack.gql(CONFIRM, { input: { key: 'k' } })).body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const missing = await stack.gql(READ, { ws: DEMO_WORKSPACE, id: 'no-such-search' });
    expect(missing.body.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(callsTo(stack.emulator, 'POST', '/assets/search')).toHaveLength(3);
    expect(callsTo(stack.emulator, 'POST', '/uploads/complete')).toHaveLength(1);
  });

  it('a search of another project finds its hits (the trailer) through the emulator', async () => {
    const started = await stack.gql(START, textSearch({ filter: { projectIds: [String(DEMO_TRAILERS_PROJECT_ID)] } }));
    expect(started.body.errors).toBeUndefined();
  });
});
