import { describe, expect, it } from 'vitest';
import { DEMO_PERSON_IDS, DEMO_THUMBNAIL_KEY, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { postGraphQL } from '../helpers/http.js';
import { callsTo, TENANT_KEY, useStack } from '../helpers/stack.js';

const ws = DEMO_WORKSPACE;
const [P1, P2, P3, P4] = DEMO_PERSON_IDS.map(String) as [string, string, string, string];
const AUTH = { authorization: `Bearer ${TENANT_KEY}` };
const codeOf = (res: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => res.body.errors?.[0]?.extensions;
const op = (field: string, type: string, selection: string) => `mutation M($input: ${type}!) { ${field}(input: $input) { ${selection} } }`;
const thumbnails = [{ key: DEMO_THUMBNAIL_KEY, isPrimary: true }];

const CREATE = op('createPerson', 'CreatePersonInput', 'personId name description thumbnails { id isPrimary }');
const MERGE = op('mergePersons', 'MergePersonsInput', 'personId assetCount');
const ADD_TAGS = op('addPersonTags', 'PersonTagsInput', 'personId name tags { tagId name }');
const REMOVE_TAGS = op('removePersonTags', 'PersonTagsInput', 'personId tags { tagId }');
const UPDATE = op('updatePerson', 'UpdatePersonInput', 'personId name description thumbnails { id isPrimary }');
const DELETE = op('deletePerson', 'PersonRefInput', 'deleted raw');
const UPLOAD = op('createPersonThumbnailUpload', 'PersonThumbnailUploadInput', 'key uploadUrl expiresAt');
const CONFIRM = op('confirmPersonThumbnailUpload', 'PersonThumbnailConfirmInput', 'key status rawStatus message ready');
const ADD_THUMBS = op('addPersonThumbnails', 'AddPersonThumbnailsInput', 'personId thumbnails { id isPrimary }');
const REMOVE_THUMBS = op('removePersonThumbnails', 'RemovePersonThumbnailsInput', 'personId thumbnails { id }');
const CREATE_TAG = op('createPersonTag', 'CreatePersonTagInput', 'tagId name createdAt createdBy');
const DELETE_TAG = op('deletePersonTag', 'PersonTagRefInput', 'deleted');

describe('person mutations (CONTRACT-vendor-surface §B.1, §B.2)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });
  const run = (query: string, input: Record<string, unknown>, headers: Record<string, string> = {}) =>
    stack.gql(query, { input: { workspaceName: ws, ...input } }, headers);

  it('uploads a thumbnail (ticket, confirm), creates a person with it, then reads it by id', async () => {
    const ticket = await run(UPLOAD, { fileName: 'face.jpg' });
    expect(ticket.body.errors).toBeUndefined();
    const { key, uploadUrl, expiresAt } = ticket.body.data!.createPersonThumbnailUpload;
    expect(uploadUrl).toMatch(/^https:\/\//);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(callsTo(stack.emulator, 'POST', '/person-thumbnail/uploads/presigned-url')[0]!.body).toEqual({ thumbnailFileName: 'face.jpg' });

    const check = await run(CONFIRM, { key });
    expect(check.body.data!.confirmPersonThumbnailUpload).toEqual({
      key,
      status: 'COMPLETED',
      rawStatus: 'COMPLETED',
      message: 'Upload completed',
      ready: true,
    });
    const notThere = await run(CONFIRM, { key: 'nope.jpg' });
    expect(notThere.body.data!.confirmPersonThumbnailUpload).toMatchObject({ status: 'FILE_NOT_EXIST', ready: false });

    const created = await run(CREATE, { name: ' Younghee Lee ', description: 'Reporter', thumbnails: [{ key, isPrimary: true }] });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data!.createPerson).toMatchObject({ name: 'Younghee Lee', description: 'Reporter', thumbnails: [{ isPrimary: true }] });
    expect(callsTo(stack.emulator, 'POST', '/persons')[0]!.body).toEqual({
      name: 'Younghee Lee',
      description: 'Reporter',
      thumbnails: [{ thumbnailKey: key, isPrimaryThumbnail: true }],
    });
    expect(callsTo(stack.emulator, 'GET', `/persons/${created.body.data!.createPerson.personId}`)).toHaveLength(1);
  });

  it('creates an anonymous person (no name)', async () => {
    const created = await run(op('createPerson', 'CreatePersonInput', 'name nameType'), { thumbnails });
    expect(created.body.data!.createPerson).toEqual({ name: null, nameType: 'ANONYMOUS' });
  });

  it('updates a person from the PATCH answer, with no details GET', async () => {
    const res = await run(UPDATE, { personId: P2, description: 'Look-alike', primaryThumbnailId: '3102' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.updatePerson).toMatchObject({ personId: P2, description: 'Look-alike', thumbnails: [{ id: '3102', isPrimary: true }] });
    expect(callsTo(stack.emulator, 'PATCH', `/persons/${P2}`)[0]!.body).toEqual({ description: 'Look-alike', primaryThumbnailId: 3102 });
    expect(callsTo(stack.emulator, 'GET', `/persons/${P2}`)).toHaveLength(0);
  });

  it('adds and removes tags (ids as integers; DELETE with a JSON body) and fills tags from the answer', async () => {
    const added = await run(ADD_TAGS, { personId: P2, tagIds: ['203', '307'] });
    expect(added.body.data!.addPersonTags.tags).toEqual([
      { tagId: '203', name: 'Guest' },
      { tagId: '307', name: 'Reporter' },
    ]);
    expect(callsTo(stack.emulator, 'POST', `/persons/${P2}/person-tags`)[0]!.body).toEqual({ tagIds: [203, 307] });
    const removed = await run(REMOVE_TAGS, { personId: P2, tagIds: ['203'] });
    expect(removed.body.data!.removePersonTags.tags).toEqual([{ tagId: '307' }]);
    expect(callsTo(stack.emulator, 'DELETE', `/persons/${P2}/person-tags`)[0]!.body).toEqual({ tagIds: [203] });
  });

  it('adds and removes thumbnails', async () => {
    const added = await run(ADD_THUMBS, { personId: P2, thumbnails: [{ key: DEMO_THUMBNAIL_KEY }] });
    const list = added.body.data!.addPersonThumbnails.thumbnails as Array<{ id: string }>;
    expect(list.length).toBe(2);
    expect(callsTo(stack.emulator, 'POST', `/persons/${P2}/person-thumbnail`)[0]!.body).toEqual({
      thumbnails: [{ thumbnailKey: DEMO_THUMBNAIL_KEY, isPrimaryThumbnail: false }],
    });
    const removed = await run(REMOVE_THUMBS, { personId: P2, thumbnailIds: [list[1]!.id] });
    expect(removed.body.data!.removePersonThumbnails.thumbnails).toHaveLength(1);
    expect(callsTo(stack.emulator, 'DELETE', `/persons/${P2}/person-thumbnail`)[0]!.body).toEqual({ thumbnailIds: [Number(list[1]!.id)] });
  });

  it('creates a tag and deletes it; a second delete is NOT_FOUND; a duplicate name (409) is INVALID_STATE', async () => {
    const created = await run(CREATE_TAG, { name: 'Director' });
    expect(created.body.data!.createPersonTag).toMatchObject({ name: 'Director', createdBy: 'demo-user' });
    const dup = await run(CREATE_TAG, { name: 'Director' });
    expect(codeOf(dup)).toMatchObject({ code: 'INVALID_STATE', retryable: false, upstream: { status: 409 } });
    const tagId = created.body.data!.createPersonTag.tagId;
    expect((await run(DELETE_TAG, { tagId })).body.data!.deletePersonTag).toEqual({ deleted: true });
    expect(codeOf(await run(DELETE_TAG, { tagId }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a duplicate person name (409) is INVALID_STATE', async () => {
    const res = await run(CREATE, { name: 'Gildong Hong', thumbnails });
    expect(codeOf(res)).toMatchObject({ code: 'INVALID_STATE', upstream: { status: 409 } });
    expect(callsTo(stack.emulator, 'POST', '/persons')).toHaveLength(1);
  });

  it('merges once with an Idempotency-Key: the retry replays with no second POST; a new request is BAD_USER_INPUT (already merged)', async () => {
    const body = { query: MERGE, operationName: 'M', variables: { input: { workspaceName: ws, personId: P1, mergePersonIds: [P3] } } };
    const headers = { ...AUTH, 'idempotency-key': 'merge-1001-1003' };
    const first = await postGraphQL(stack.gateway.url, body, headers);
    expect(first.json).toEqual({ data: { mergePersons: { personId: P1, assetCount: 6 } } });
    const replay = await postGraphQL(stack.gateway.url, body, headers);
    expect(replay.text).toBe(first.text);
    expect(callsTo(stack.emulator, 'POST', `/persons/${P1}/merge`)).toHaveLength(1);
    expect(callsTo(stack.emulator, 'POST', `/persons/${P1}/merge`)[0]!.body).toEqual({ personIds: [Number(P3)] });
    const again = await stack.gql(MERGE, body.variables);
    expect(codeOf(again)).toMatchObject({ code: 'BAD_USER_INPUT', upstream: { status: 400 } });
  });

  it('deletes a person once under a key; a new delete is NOT_FOUND', async () => {
    const body = { query: DELETE, operationName: 'M', variables: { input: { workspaceName: ws, personId: P4 } } };
    const headers = { ...AUTH, 'idempotency-key': 'delete-person-1004' };
    const first = await postGraphQL(stack.gateway.url, body, headers);
    expect(first.json).toMatchObject({ data: { deletePerson: { deleted: true } } });
    expect((await postGraphQL(stack.gateway.url, body, headers)).text).toBe(first.text);
    expect(callsTo(stack.emulator, 'DELETE', `/persons/${P4}`)).toHaveLength(1);
    expect(codeOf(await stack.gql(DELETE, body.variables))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['persons (create)', 'POST', /\/persons$/, () => run(CREATE, { name: 'X1', thumbnails })],
    ['person tags (add)', 'POST', /\/person-tags$/, () => run(ADD_TAGS, { personId: P1, tagIds: ['101'] })],
    ['thumbnails (upload URL)', 'POST', /presigned-url$/, () => run(UPLOAD, { fileName: 'a.jpg' })],
    ['merge', 'POST', /\/merge$/, () => run(MERGE, { personId: P1, mergePersonIds: [P2] })],
    ['tags (create)', 'POST', /\/person-tags$/, () => run(CREATE_TAG, { name: 'T9' })],
  ])('a vendor 429 quota answer on %s is QUOTA_EXCEEDED after one call, never retried', async (_name, method, path, call) => {
    stack.emulator.injectFault({
      method,
      path,
      times: 3,
      fault: { kind: 'status', status: 429, body: { error: { errorCode: '400', message: 'Quota Exceeded', details: 'q' } } },
    });
    const res = await call();
    expect(codeOf(res)).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: false });
    expect(stack.emulator.requests.filter((r) => r.method === method && path.test(r.target))).toHaveLength(1);
  });

  it('an upload answer without a key or URL is UPSTREAM_UNAVAILABLE; the tolerant names are read', async () => {
    stack.emulator.injectFault({
      method: 'POST',
      path: /presigned-url$/,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: { thumbnailKey: 'k' } } },
    });
    expect(codeOf(await run(UPLOAD, { fileName: 'a.jpg' }))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    stack.emulator.injectFault({
      method: 'POST',
      path: /presigned-url$/,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: { key: 'k2', uploadUrl: 'https://u' } } },
    });
    expect((await run(UPLOAD, { fileName: 'a.jpg' })).body.data!.createPersonThumbnailUpload).toMatchObject({ key: 'k2', uploadUrl: 'https://u' });
  });
});

describe('person mutation validation: BAD_USER_INPUT naming the argument, no upstream call', () => {
  const stack = useStack({}, { clearRequests: true });
  const many = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
  it.each([
    [CREATE, { name: '', thumbnails }, 'name'],
    [CREATE, { name: 'x'.repeat(51), thumbnails }, 'name'],
    [CREATE, { description: 'x'.repeat(701), thumbnails }, 'description'],
    [CREATE, { thumbnails: [] }, 'thumbnails'],
    [CREATE, { thumbnails: Array.from({ length: 101 }, () => ({ key: 'k' })) }, 'thumbnails'],
    [
      CREATE,
      {
        thumbnails: [
          { key: 'a', isPrimary: true },
          { key: 'b', isPrimary: true },
        ],
      },
      'thumbnails',
    ],
    [CREATE, { workspaceName: '../x', thumbnails }, 'workspaceName'],
    [UPDATE, { personId: P1 }, 'input'],
    [UPDATE, { personId: P1, primaryThumbnailId: '-1' }, 'primaryThumbnailId'],
    [UPDATE, { personId: '0', name: 'a' }, 'personId'],
    [DELETE, { personId: '1.5' }, 'personId'],
    [ADD_TAGS, { personId: P1, tagIds: [] }, 'tagIds'],
    [ADD_TAGS, { personId: P1, tagIds: many(101) }, 'tagIds'],
    [REMOVE_TAGS, { personId: P1, tagIds: ['x'] }, 'tagIds[0]'],
    [ADD_THUMBS, { personId: P1, thumbnails: [] }, 'thumbnails'],
    [REMOVE_THUMBS, { personId: P1, thumbnailIds: many(101) }, 'thumbnailIds'],
    [MERGE, { personId: P1, mergePersonIds: [] }, 'mergePersonIds'],
    [MERGE, { personId: P1, mergePersonIds: many(11).map((n) => String(Number(n) + 2000)) }, 'mergePersonIds'],
    [MERGE, { personId: P1, mergePersonIds: [P2, P2] }, 'mergePersonIds'],
    [MERGE, { personId: P1, mergePersonIds: [P1] }, 'mergePersonIds'],
    [MERGE, { personId: P1, mergePersonIds: ['9007199254740993'] }, 'mergePersonIds[0]'],
    [UPLOAD, { fileName: 'a/b.jpg' }, 'fileName'],
    [UPLOAD, { fileName: 'x'.repeat(256) }, 'fileName'],
    [CONFIRM, { key: 'has space' }, 'key'],
    [CREATE_TAG, { name: 'x'.repeat(31) }, 'name'],
    [CREATE_TAG, { name: ' ' }, 'name'],
    [DELETE_TAG, { tagId: 'abc' }, 'tagId'],
  ])('%#: → %s', async (query, input, field) => {
    const res = await stack.gql(query, { input: { workspaceName: ws, ...input } });
    expect(codeOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(stack.emulator.requests).toEqual([]);
  });
});
