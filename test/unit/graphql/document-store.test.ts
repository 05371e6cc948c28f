import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_TEXT_CHARACTER, createDocumentStore } from '../../../src/graphql/document-store.js';

describe("Apollo's document store", () => {
  it('sizes a document by its text, comments included, so comment-padded documents cannot exceed the cap', async () => {
    const maxBytes = 4 * 1024 * 1024;
    const store = createDocumentStore(maxBytes);
    const padded = (i: number) => `query Q${i} { __typename }\n${'#\n'.repeat(8000)}`;
    for (let i = 0; i < 100; i++) await store.set(`k${i}`, parse(padded(i)));
    const perDocument = padded(0).length * BYTES_PER_TEXT_CHARACTER;
    expect(store.keys().length).toBe(Math.floor(maxBytes / perDocument));
    expect(await store.get('k99')).toBeDefined();
    expect(await store.get('k0')).toBeUndefined();
  });

  it('keeps many ordinary documents', async () => {
    const store = createDocumentStore();
    for (let i = 0; i < 1000; i++) await store.set(`k${i}`, parse(`query Q${i}($id: ID!) { asset(id: $id) { id name status } }`));
    expect(store.keys().length).toBe(1000);
  });
});
