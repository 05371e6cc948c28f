import { describe, expect, it } from 'vitest';
import { findSchemaChanges } from '../../scripts/schema-diff.js';

const BEFORE = /* GraphQL */ `
  type Query { asset(id: ID!): Asset }
  type Asset { id: ID! name: String legacy: Int }
`;

describe('schema:check change detection', () => {
  it('flags a removed field as breaking', async () => {
    const { breaking } = await findSchemaChanges(BEFORE, BEFORE.replace(' legacy: Int', ''));
    expect(breaking.map((c) => c.path)).toEqual(['Asset.legacy']);
  });

  it('reports an added field as a non-breaking change (stale snapshot)', async () => {
    const { breaking, other } = await findSchemaChanges(BEFORE, BEFORE.replace('legacy: Int', 'legacy: Int added: String'));
    expect(breaking).toEqual([]);
    expect(other.map((c) => c.path)).toEqual(['Asset.added']);
  });

  it('finds nothing when the schemas are the same', async () => {
    expect(await findSchemaChanges(BEFORE, BEFORE)).toEqual({ breaking: [], other: [] });
  });
});
