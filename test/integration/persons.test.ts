import { describe, expect, it } from 'vitest';
import { DEMO_PERSON_IDS, DEMO_PERSON_TAG_IDS, DEMO_THUMBNAIL_KEY, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { callsTo, useStack } from '../helpers/stack.js';

const ws = DEMO_WORKSPACE;
const [P1, P2] = DEMO_PERSON_IDS.map(String) as [string, string];
const W = (fields: string) => `{ workspace(name: "${ws}") { ${fields} } }`;
const codeOf = (res: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => res.body.errors?.[0]?.extensions;

describe('person and tag reads (CONTRACT-vendor-surface §A.2, §B.3)', () => {
  const stack = useStack({}, { clearRequests: true, clearFaults: true });

  it('searches persons by POST …/persons/search with filter, sort and pages; missing item fields read the details once per person', async () => {
    const res = await stack.gql(
      W(`persons(filter: { name: "Gildong", nameType: NAMED }, sort: { field: PERSON_ID, direction: DESC }, page: 1, pageSize: 2) {
      totalCount totalPages page pageSize nodes { personId name nameType description tags { tagId name } } }`),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workspace.persons).toEqual({
      totalCount: 2,
      totalPages: 1,
      page: 1,
      pageSize: 2,
      nodes: [
        { personId: '1002', name: 'Gildong Hong (2)', nameType: 'NAMED', description: null, tags: [] },
        { personId: '1001', name: 'Gildong Hong', nameType: 'NAMED', description: null, tags: [{ tagId: String(DEMO_PERSON_TAG_IDS[0]), name: 'Anchor' }] },
      ],
    });
    const search = callsTo(stack.emulator, 'POST', '/persons/search');
    expect(search).toHaveLength(1);
    expect(search[0]!.body).toEqual({ pageNum: 1, pageSize: 2, name: 'Gildong', nameType: 'NAMED', sortColumn: 'PERSON_ID', sortType: 'DESC' });
    // description and tags are not in a search item: one details GET per person (name, nameType and tags share it).
    expect(callsTo(stack.emulator, 'GET', '/persons/1001')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', '/persons/1002')).toHaveLength(1);
  });

  it('reads one person with tags, thumbnails, counts and similar persons; the details GET is shared by the request (DataLoader)', async () => {
    const res = await stack.gql(`{ workspace(name: "${ws}") {
      a: person(id: "${P1}") { personId name nameType assetCount sceneCount createdAt raw thumbnails { id url isPrimary } tags { tagId createdBy } }
      b: person(id: "${P1}") { description similarPersons(count: 2, minScore: 80) { score raw person { personId name } } }
      c: person(id: "${P2}") { name }
    } }`);
    expect(res.body.errors).toBeUndefined();
    const { a, b, c } = res.body.data!.workspace;
    expect(a).toMatchObject({
      personId: P1,
      name: 'Gildong Hong',
      nameType: 'NAMED',
      assetCount: 4,
      sceneCount: 40,
      tags: [{ tagId: '101', createdBy: 'demo-user' }],
    });
    expect(a.thumbnails[0]).toMatchObject({ isPrimary: true });
    expect(a.raw).toMatchObject({ id: 1001 });
    expect(b.similarPersons.length).toBeGreaterThan(0);
    expect(b.similarPersons.length).toBeLessThanOrEqual(2);
    expect(c.name).toBe('Gildong Hong (2)');
    expect(callsTo(stack.emulator, 'GET', '/persons/1001')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', '/persons/1002')).toHaveLength(1);
    expect(callsTo(stack.emulator, 'GET', '/similar')[0]!.target).toMatch(/\/persons\/1001\/similar\?personCount=2&scoreThreshold=80$/);
  });

  it('an anonymous person reads nameType ANONYMOUS and name null; an unknown person is null with NOT_FOUND', async () => {
    const res = await stack.gql(W(`anon: person(id: "1004") { name nameType }`));
    expect(res.body.data!.workspace.anon).toEqual({ name: null, nameType: 'ANONYMOUS' });
    const missing = await stack.gql(W(`person(id: "999999") { name }`));
    expect(missing.body.data!.workspace.person).toBeNull();
    expect(codeOf(missing)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finds persons matching an uploaded thumbnail by one POST, never retried', async () => {
    const res = await stack.gql(
      W(`personsMatchingThumbnail(thumbnailKey: "${DEMO_THUMBNAIL_KEY}", count: 2, minScore: 80) { score person { personId name } }`),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workspace.personsMatchingThumbnail.length).toBeGreaterThan(0);
    expect(callsTo(stack.emulator, 'POST', '/recommend-by-thumbnail')[0]!.body).toEqual({
      thumbnailKey: DEMO_THUMBNAIL_KEY,
      personCount: 2,
      scoreThreshold: 80,
    });

    stack.emulator.clearRequests();
    stack.emulator.injectFault({ method: 'POST', path: /recommend-by-thumbnail$/, times: 5, fault: { kind: 'status', status: 503 } });
    const failed = await stack.gql(W(`personsMatchingThumbnail(thumbnailKey: "${DEMO_THUMBNAIL_KEY}") { score }`));
    expect(codeOf(failed)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(callsTo(stack.emulator, 'POST', '/recommend-by-thumbnail')).toHaveLength(1);
  });

  it('lists person tags with a percent-encoded name, signed as sent', async () => {
    const res = await stack.gql(
      W(`personTags(name: "Anchor", page: 1, pageSize: 5) { totalCount totalPages page pageSize nodes { tagId name createdAt createdBy } }`),
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workspace.personTags).toMatchObject({
      totalCount: 1,
      page: 1,
      pageSize: 5,
      nodes: [{ tagId: '101', name: 'Anchor', createdBy: 'demo-user' }],
    });
    const korean = await stack.gql(W(`personTags(name: "앵커") { totalCount }`));
    expect(korean.body.data!.workspace.personTags.totalCount).toBe(0);
    const sent = callsTo(stack.emulator, 'GET', '/person-tags');
    expect(sent.at(-1)!.target).toContain(`name=${encodeURIComponent('앵커')}`);
    expect(sent.every((r) => r.signatureValid)).toBe(true);
  });

  it('a missing typed field reads null and stays in raw; a field of the wrong type is null, not an error', async () => {
    stack.emulator.injectFault({
      method: 'GET',
      path: /\/persons\/1001$/,
      times: 1,
      fault: { kind: 'status', status: 200, body: { code: '0', message: 'success', result: { id: 1001, name: 42, assetCount: 'many', extra: { x: 1 } } } },
    });
    const res = await stack.gql(W(`person(id: "${P1}") { name nameType assetCount tags { tagId } raw }`));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.workspace.person).toEqual({
      name: null,
      nameType: 'ANONYMOUS',
      assetCount: null,
      tags: null,
      raw: { id: 1001, name: 42, assetCount: 'many', extra: { x: 1 } },
    });
  });

  it.each([
    ['QUOTA_EXCEEDED', { kind: 'status' as const, status: 429, body: { error: { errorCode: '400', message: 'Quota Exceeded', details: 'quota' } } }],
    ['UPSTREAM_AUTH_FAILED', { kind: 'status' as const, status: 403, body: { error: { errorCode: '210', message: 'Permission Denied', details: 'x' } } }],
  ])('maps a vendor fault on the persons search to %s, after one POST', async (code, fault) => {
    stack.emulator.injectFault({ method: 'POST', path: /\/persons\/search$/, times: 3, fault });
    const res = await stack.gql(W('persons { totalCount }'));
    expect(codeOf(res)).toMatchObject({ code });
    expect(callsTo(stack.emulator, 'POST', '/persons/search')).toHaveLength(1);
  });

  it('maps a fault on the tag list (a GET family) to UPSTREAM_UNAVAILABLE', async () => {
    stack.emulator.injectFault({ method: 'GET', path: /\/person-tags/, fault: { kind: 'status', status: 500 } });
    const res = await stack.gql(W('personTags { totalCount }'));
    expect(codeOf(res)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

describe('person read validation: BAD_USER_INPUT naming the argument, with no upstream call but the workspace read', () => {
  const stack = useStack({}, { clearRequests: true });
  it.each([
    ['persons(pageSize: 51) { totalCount }', 'pageSize'],
    ['persons(page: 0) { totalCount }', 'page'],
    ['persons(filter: { name: "x" }) { totalCount }', 'filter.name'],
    ['persons(filter: { name: "a;b" }) { totalCount }', 'filter.name'],
    ['persons(filter: { name: "ab|c" }) { totalCount }', 'filter.name'],
    ['persons(filter: { name: "  " }) { totalCount }', 'filter.name'],
    ['persons(filter: { nameType: UNKNOWN }) { totalCount }', 'filter.nameType'],
    ['persons(filter: { personIds: ["0"] }) { totalCount }', 'filter.personIds[0]'],
    [`persons(filter: { tagIds: [${Array.from({ length: 101 }, (_, i) => `"${i + 1}"`).join(',')}] }) { totalCount }`, 'filter.tagIds'],
    ['person(id: "abc") { name }', 'id'],
    ['person(id: "12345678901234567") { name }', 'id'],
    [`person(id: "${P1}") { similarPersons(count: 11) { score } }`, 'count'],
    [`person(id: "${P1}") { similarPersons(minScore: 79) { score } }`, 'minScore'],
    ['personsMatchingThumbnail(thumbnailKey: "k", count: 0) { score }', 'count'],
    ['personsMatchingThumbnail(thumbnailKey: "k", minScore: 101) { score }', 'minScore'],
    ['personsMatchingThumbnail(thumbnailKey: "") { score }', 'thumbnailKey'],
    ['personTags(pageSize: 0) { totalCount }', 'pageSize'],
    [`personTags(name: "${'x'.repeat(31)}") { totalCount }`, 'name'],
    ['personTags(name: "a`b") { totalCount }', 'name'],
  ])('%s → %s', async (selection, field) => {
    const res = await stack.gql(W(selection));
    expect(codeOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    // Only the workspace details (and, for similarPersons, the person) may be read; nothing the rule guards.
    expect(stack.emulator.requests.filter((r) => /search|recommend|similar|person-tags/.test(r.target))).toEqual([]);
  });
});
