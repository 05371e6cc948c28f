/**
 * `npm run schema:print` writes the schema clients see to schema.snapshot.graphql (committed);
 * `npm run schema:check` fails on a breaking change against it, and on a stale snapshot.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildGatewaySchema } from '../src/graphql/schema.js';
import { findSchemaChanges, toSnapshot } from './schema-diff.js';

const SNAPSHOT = new URL('../schema.snapshot.graphql', import.meta.url);

async function main(command: string | undefined): Promise<number> {
  const current = toSnapshot(buildGatewaySchema());
  if (command === 'print') {
    writeFileSync(SNAPSHOT, current);
    process.stdout.write('schema.snapshot.graphql written\n');
    return 0;
  }
  if (command !== 'check') {
    process.stderr.write('usage: schema-snapshot.ts print|check\n');
    return 2;
  }
  const snapshot = readFileSync(SNAPSHOT, 'utf8');
  const { breaking, other } = await findSchemaChanges(snapshot, current);
  for (const change of breaking) process.stderr.write(`BREAKING  ${change.message}\n`);
  for (const change of other) process.stderr.write(`${change.criticality.level.padEnd(9)} ${change.message}\n`);
  if (breaking.length > 0) {
    process.stderr.write(
      'schema:check: breaking change(s) against schema.snapshot.graphql. Keep the old fields (deprecate them) or, if the break is intended, run `npm run schema:print` and say so in the change.\n',
    );
    return 1;
  }
  if (other.length > 0 || snapshot !== current) {
    process.stderr.write('schema:check: schema.snapshot.graphql is stale (no breaking change): run `npm run schema:print` and commit it.\n');
    return 1;
  }
  process.stdout.write('schema:check: schema.snapshot.graphql matches the schema\n');
  return 0;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`schema-snapshot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
