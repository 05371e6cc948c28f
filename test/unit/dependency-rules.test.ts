import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** ARCHITECTURE.md "Dependency rules", checked on the source so they cannot rot. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const files = sourceFiles(src).map((file) => {
  const text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => relative(src, resolve(dirname(file), m[1]!)));
  return { path: relative(src, file), text, imports };
});

describe('dependency rules', () => {
  it('only src/dev/sandbox.ts imports the emulator', () => {
    const importers = files.filter((f) => !f.path.startsWith('dev/emulator/') && f.imports.some((i) => i.startsWith('dev/emulator/')));
    expect(importers.map((f) => f.path)).toEqual(['dev/sandbox.ts']);
  });

  it('the emulator imports nothing of the product but the signer', () => {
    const outside = files
      .filter((f) => f.path.startsWith('dev/emulator/'))
      .flatMap((f) => f.imports.filter((i) => !i.startsWith('dev/emulator/')).map((i) => `${f.path} -> ${i}`));
    expect(outside.every((edge) => edge.endsWith('-> upstream/sign.js'))).toBe(true);
  });

  it('src/upstream/ knows nothing of resolvers, HTTP serving or the gateway', () => {
    const edges = files
      .filter((f) => f.path.startsWith('upstream/'))
      .flatMap((f) => f.imports.filter((i) => /^(resolvers|http|edge|graphql|live|gateway|dev|__generated__)\b/.test(i)).map((i) => `${f.path} -> ${i}`));
    expect(edges).toEqual([]);
  });

  it('only src/main.ts reads process.env or exits the process', () => {
    const readers = files.filter((f) => /process\.(env|exit)\b/.test(f.text)).map((f) => f.path);
    expect(readers).toEqual(['main.ts']);
  });
});
