import { describe, expect, it } from 'vitest';
import { DEMO_PERSON_IDS, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, useStack, type GqlResponse } from '../helpers/stack.js';

/**
 * The boundaries of the vendor-surface rules (CONTRACT-vendor-surface §B.1, §B.3), over real HTTP against
 * the emulator: a value just inside a limit passes validation (the call reaches the emulator, whatever it
 * answers), one just outside is BAD_USER_INPUT naming the argument, and the guarded route is never called.
 */

const ws = DEMO_WORKSPACE;
const P2 = String(DEMO_PERSON_IDS[1]);
const WORKSPACE_READ = `GET /api/v1/workspaces/${ws}`;
const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));
const op = (field: string, type: string, selection: string) => `mutation M($input: ${type}!) { ${field}(input: $input) { ${selection} } }`;

const SEARCH_TICKET = op('createSearchImageUpload', 'SearchImageUploadInput', 'key uploadUrl expiresAt');
const SEARCH_CONFIRM = op('confirmSearchImageUpload', 'SearchImageConfirmInput', 'key status ready');
const START = op('startAssetSearch', 'StartAssetSearchInput', 'id');
const THUMB_TICKET = op('createPersonThumbnailUpload', 'PersonThumbnailUploadInput', 'key uploadUrl expiresAt');
const THUMB_CONFIRM = op('confirmPersonThumbnailUpload', 'PersonThumbnailConfirmInput', 'key status ready');
const CREATE_PERSON = op('createPerson', 'CreatePersonInput', 'personId');
const UPDATE_PERSON = op('updatePerson', 'UpdatePersonInput', 'personId name description');
const PERSONS = /* GraphQL */ `
  query Persons($ws: String!, $filter: PersonFilterInput, $pageSize: Int! = 10) {
    workspace(name: $ws) { persons(filter: $filter, pageSize: $pageSize) { totalCount pageSize } }
  }
`;
const TAGS = /* GraphQL */ `
  query Tags($ws: String!, $name: String, $pageSize: Int! = 10) {
    workspace(name: $ws) { personTags(name: $name, pageSize: $pageSize) { totalCount pageSize } }
  }
`;
const MATCHING = /* GraphQL */ `
  query Matching($ws: String!, $key: String!) { workspace(name: $ws) { personsMatchingThumbnail(thumbnailKey: $key) { score } } }
`;

const search = (query: Record<string, unknown>, filter: Record<string, unknown>) => ({ input: { workspaceName: ws, query, filter } });

type Route = [method: string, suffix: string];

describe('vendor-surface validation at the limits (issue 16: each validation rule)', () => {
  const stack = useStack({}, { clearRequests: true });

  /** Just outside: BAD_USER_INPUT naming the argument (message and extensions), and nothing sent but `allowed`. */
  function expectRefused(res: GqlResponse, field: string, allowed: string[] = []) {
    expect(res.status).toBe(200);
    const error = res.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error?.message).toContain(field);
    expect(stack.emulator.requests.map((r) => `${r.method} ${r.target}`)).toEqual(allowed);
  }

  /** Just inside: the guarded call went upstream once (so validation passed); no error names the argument. */
  function expectPassed(res: GqlResponse, field: string, [method, suffix]: Route) {
    expect(callsTo(stack.emulator, method, suffix)).toHaveLength(1);
    expect((res.body.errors ?? []).filter((e) => e.extensions?.field === field)).toEqual([]);
  }

  describe('startAssetSearch: filter.assetIds and filter.projectIds hold at most 1000 ids', () => {
    it.each(['assetIds', 'projectIds'])('1000 %s pass, and go upstream as integers', async (name) => {
      const res = await stack.gql(START, search({ text: 'stage' }, { [name]: ids(1000, 1) }));
      expect(res.body.errors).toBeUndefined();
      expectPassed(res, `filter.${name}`, ['POST', '/assets/search']);
      const sent = callsTo(stack.emulator, 'POST', '/assets/search')[0]!.body as { filter: Record<string, number[]> };
      expect(sent.filter[name]).toHaveLength(1000);
      expect(sent.filter[name]![999]).toBe(1000);
    });

    it.each(['assetIds', 'projectIds'])('1001 %s are refused', async (name) => {
      const res = await stack.gql(START, search({ text: 'stage' }, { [name]: ids(1001, 1) }));
      expectRefused(res, `filter.${name}`);
    });

    it('1001 assetIds are refused even when projectIds are fine', async () => {
      const res = await stack.gql(START, search({ text: 'stage' }, { projectIds: [String(DEMO_PROJECT_ID)], assetIds: ids(1001, 1) }));
      expectRefused(res, 'filter.assetIds');
    });
  });

  // Control characters: C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F), the Unicode Cc category.
  const BAD_NAMES: Array<[string, string]> = [
    ['a backslash', 'dir\\face.jpg'],
    ['a slash', 'dir/face.jpg'],
    ['NUL', 'face\u0000.jpg'],
    ['a tab', 'face\t1.jpg'],
    ['a line feed', 'face\n.jpg'],
    ['a carriage return', 'face\r.jpg'],
    ['U+001F', 'face\u001f.jpg'],
    ['DEL', 'face\u007f.jpg'],
    ['NEL (U+0085, C1)', 'face\u0085.jpg'],
    ['CSI (U+009B, C1)', 'face\u009b.jpg'],
    ['U+009F (last C1)', 'face\u009f.jpg'],
  ];
  // The neighbours of the refused ranges pass: space (U+0020), "~" (U+007E), NBSP (U+00A0), other non-ASCII.
  const GOOD_NAMES: Array<[string, string]> = [
    ['a space', 'my face.jpg'],
    ['a tilde', 'face~1.jpg'],
    ['NBSP (U+00A0)', 'face\u00a01.jpg'],
    ['Hangul and accents', '얼굴 café.JPG'],
    ['255 characters', `${'a'.repeat(251)}.jpg`],
  ];

  describe('createSearchImageUpload: fileName without "/", "\\" or control characters', () => {
    it.each(GOOD_NAMES)('a name with %s passes', async (_what, fileName) => {
      const res = await stack.gql(SEARCH_TICKET, { input: { fileName } });
      expect(res.body.errors).toBeUndefined();
      expectPassed(res, 'fileName', ['POST', '/query-assets/uploads/presigned-url']);
      expect(callsTo(stack.emulator, 'POST', '/presigned-url')[0]!.body).toEqual({ assetType: 'IMAGE', assetFileName: fileName });
    });

    it.each(BAD_NAMES)('a name with %s is refused', async (_what, fileName) => {
      expectRefused(await stack.gql(SEARCH_TICKET, { input: { fileName } }), 'fileName');
    });
  });

  describe('createPersonThumbnailUpload: fileName without "/", "\\" or control characters', () => {
    it.each(GOOD_NAMES)('a name with %s passes', async (_what, fileName) => {
      const res = await stack.gql(THUMB_TICKET, { input: { workspaceName: ws, fileName } });
      expect(res.body.errors).toBeUndefined();
      expectPassed(res, 'fileName', ['POST', '/person-thumbnail/uploads/presigned-url']);
      expect(callsTo(stack.emulator, 'POST', '/presigned-url')[0]!.body).toEqual({ thumbnailFileName: fileName });
    });

    it.each(BAD_NAMES)('a name with %s is refused', async (_what, fileName) => {
      expectRefused(await stack.gql(THUMB_TICKET, { input: { workspaceName: ws, fileName } }), 'fileName');
    });
  });

  describe('upload keys: 1 to 1024 visible ASCII characters', () => {
    const KEY_1024 = `k/${'x'.repeat(1022)}`;
    const KEY_1025 = `k/${'x'.repeat(1023)}`;

    const mutations: Array<[string, string, (key: string) => Record<string, unknown>, string, Route]> = [
      ['confirmSearchImageUpload', SEARCH_CONFIRM, (key) => ({ input: { key } }), 'key', ['POST', '/query-assets/uploads/complete']],
      ['confirmPersonThumbnailUpload', THUMB_CONFIRM, (key) => ({ input: { workspaceName: ws, key } }), 'key', ['POST', '/person-thumbnail/uploads/complete']],
      ['startAssetSearch query.imageKey', START, (key) => search({ imageKey: key }, { projectIds: ['1001'] }), 'query.imageKey', ['POST', '/assets/search']],
      [
        'createPerson thumbnails[0].key',
        CREATE_PERSON,
        (key) => ({ input: { workspaceName: ws, thumbnails: [{ key, isPrimary: true }] } }),
        'thumbnails[0].key',
        ['POST', '/persons'],
      ],
    ];

    it.each(mutations)('%s: a 1024-character key passes', async (_name, query, variables, field, route) => {
      expect(KEY_1024).toHaveLength(1024);
      const res = await stack.gql(query, variables(KEY_1024));
      // The emulator knows no such upload: it may answer FILE_NOT_EXIST, 404 or 400, but the key went upstream.
      expectPassed(res, field, route);
    });

    it.each(mutations)('%s: a 1025-character key is refused', async (_name, query, variables, field) => {
      expect(KEY_1025).toHaveLength(1025);
      expectRefused(await stack.gql(query, variables(KEY_1025)), field);
    });

    it('confirm: the 1024-character key reaches the vendor unchanged', async () => {
      await stack.gql(THUMB_CONFIRM, { input: { workspaceName: ws, key: KEY_1024 } });
      expect(callsTo(stack.emulator, 'POST', '/person-thumbnail/uploads/complete')[0]!.body).toEqual({ thumbnailKey: KEY_1024 });
    });

    it('personsMatchingThumbnail: a 1024-character thumbnailKey passes, 1025 is refused (after the workspace read only)', async () => {
      const inside = await stack.gql(MATCHING, { ws, key: KEY_1024 });
      expectPassed(inside, 'thumbnailKey', ['POST', '/persons/recommend-by-thumbnail']);
      stack.emulator.clearRequests();
      expectRefused(await stack.gql(MATCHING, { ws, key: KEY_1025 }), 'thumbnailKey', [WORKSPACE_READ]);
    });
  });

  describe('updatePerson: name 1 to 50 and description 1 to 700 characters after trimming', () => {
    const update = (input: Record<string, unknown>) => stack.gql(UPDATE_PERSON, { input: { workspaceName: ws, personId: P2, ...input } });

    it.each([
      ['name', 'n'.repeat(50), 'n'.repeat(50)],
      ['name', 'N', 'N'],
      ['name', `  ${'m'.repeat(50)}  `, 'm'.repeat(50)],
      ['description', 'd'.repeat(700), 'd'.repeat(700)],
      ['description', 'D', 'D'],
      ['description', ` ${'e'.repeat(700)}\t`, 'e'.repeat(700)],
    ])('%s of %# passes and is sent trimmed', async (field, value, sent) => {
      const res = await update({ [field]: value });
      expect(res.body.errors).toBeUndefined();
      expectPassed(res, field, ['PATCH', `/persons/${P2}`]);
      expect(callsTo(stack.emulator, 'PATCH', `/persons/${P2}`)[0]!.body).toEqual({ [field]: sent });
      expect(res.body.data!.updatePerson[field]).toBe(sent);
    });

    it.each([
      ['name', 'n'.repeat(51)],
      ['name', ` ${'n'.repeat(51)} `],
      ['name', ''],
      ['name', '   '],
      ['description', 'd'.repeat(701)],
      ['description', ''],
      ['description', '\t \n'],
    ])('%s of %# is refused', async (field, value) => {
      expectRefused(await update({ [field]: value }), field);
    });

    it('a bad description is refused even beside a good name (no partial PATCH)', async () => {
      expectRefused(await update({ name: 'Fine Name', description: 'd'.repeat(701) }), 'description');
    });
  });

  describe('Workspace.persons filter: name 2 to 50 characters, at most 100 personIds and tagIds', () => {
    it.each([
      ['name of 50', { name: 'n'.repeat(50) }, 'filter.name'],
      ['name of 2', { name: 'Gi' }, 'filter.name'],
      ['100 personIds', { personIds: ids(100, 1001) }, 'filter.personIds'],
      ['100 tagIds', { tagIds: ids(100, 101) }, 'filter.tagIds'],
    ])('%s passes', async (_what, filter, field) => {
      const res = await stack.gql(PERSONS, { ws, filter });
      expect(res.body.errors).toBeUndefined();
      expectPassed(res, field, ['POST', '/persons/search']);
    });

    it('100 personIds go upstream as 100 integers', async () => {
      await stack.gql(PERSONS, { ws, filter: { personIds: ids(100, 1001) } });
      const body = callsTo(stack.emulator, 'POST', '/persons/search')[0]!.body as { personIds: number[] };
      expect(body.personIds).toEqual(ids(100, 1001).map(Number));
    });

    it.each([
      ['name of 51', { name: 'n'.repeat(51) }, 'filter.name'],
      ['name of 51 after trimming', { name: ` ${'n'.repeat(51)} ` }, 'filter.name'],
      ['101 personIds', { personIds: ids(101, 1001) }, 'filter.personIds'],
    ])('%s is refused; only the workspace details were read', async (_what, filter, field) => {
      expectRefused(await stack.gql(PERSONS, { ws, filter }), field, [WORKSPACE_READ]);
    });

    it('pageSize 50 passes; 51 is refused', async () => {
      expectPassed(await stack.gql(PERSONS, { ws, pageSize: 50 }), 'pageSize', ['POST', '/persons/search']);
      stack.emulator.clearRequests();
      expectRefused(await stack.gql(PERSONS, { ws, pageSize: 51 }), 'pageSize', [WORKSPACE_READ]);
    });
  });

  describe('Workspace.personTags: pageSize 1 to 50, name 1 to 30', () => {
    it('pageSize 50 passes and is sent as pageSize=50', async () => {
      const res = await stack.gql(TAGS, { ws, pageSize: 50 });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.workspace.personTags).toMatchObject({ pageSize: 50 });
      expectPassed(res, 'pageSize', ['GET', '/person-tags']);
      expect(callsTo(stack.emulator, 'GET', '/person-tags')[0]!.target).toMatch(/[?&]pageSize=50(&|$)/);
    });

    it('pageSize 51 is refused; only the workspace details were read', async () => {
      expectRefused(await stack.gql(TAGS, { ws, pageSize: 51 }), 'pageSize', [WORKSPACE_READ]);
    });

    it('a name of 30 passes; 31 is refused', async () => {
      const inside = await stack.gql(TAGS, { ws, name: 't'.repeat(30) });
      expect(inside.body.errors).toBeUndefined();
      expectPassed(inside, 'name', ['GET', '/person-tags']);
      stack.emulator.clearRequests();
      expectRefused(await stack.gql(TAGS, { ws, name: 't'.repeat(31) }), 'name', [WORKSPACE_READ]);
    });
  });
});
