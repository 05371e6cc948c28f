import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeEnvironment } from '../../src/config/config.js';
import { TENANT_FIELDS } from '../../src/config/tenants.js';

/** README's configuration tables are checked against the config schema, so the two cannot drift. */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function tableAfter(heading: string): Map<string, string[]> {
  const start = readme.indexOf(heading);
  expect(start, `README has a "${heading}" section`).toBeGreaterThan(-1);
  const rows = new Map<string, string[]>();
  for (const line of readme.slice(start).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([A-Za-z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells.slice(2));
  }
  return rows;
}

describe('README configuration tables', () => {
  it('lists every environment variable loadConfig reads, and nothing else', () => {
    const documented = tableAfter('### Configuration');
    const read = describeEnvironment().map((v) => v.name);
    expect([...documented.keys()].sort()).toEqual([...read].sort());
  });

  it('gives each variable the default the schema applies', () => {
    const documented = tableAfter('### Configuration');
    for (const { name, default: value } of describeEnvironment()) {
      if (value === undefined) continue;
      expect(documented.get(name)?.[0], `default of ${name}`).toContain(`\`${String(value)}\``);
    }
  });

  it('lists every tenants-file field', () => {
    const documented = tableAfter('### Tenants file');
    expect([...documented.keys()].sort()).toEqual([...TENANT_FIELDS].sort());
  });
});
