/**
 * CI composition check: composes this subgraph's SDL (schema/*.graphql, what `_service { sdl }` publishes)
 * with the stand-in catalogue subgraph of the tests, as a federation router would. Exits 1 on any
 * composition error. `--out <file>` also writes the supergraph SDL (for an ApolloGateway or a router).
 *
 *   npm run compose:check [-- --out supergraph.graphql]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { loadTypeDefs } from '../src/graphql/schema.js';

const catalogue = readFileSync(new URL('../test/fixtures/catalogue-subgraph.graphql', import.meta.url), 'utf8');
// A talent-profiles stand-in that extends Person (CONTRACT-vendor-surface §A.6, §D.12).
const talent = readFileSync(new URL('../test/fixtures/talent-subgraph.graphql', import.meta.url), 'utf8');
const result = composeServices([
  { name: 'media-intelligence', typeDefs: parse(loadTypeDefs()), url: 'http://media-intelligence.invalid/graphql' },
  { name: 'catalogue', typeDefs: parse(catalogue), url: 'http://catalogue.invalid/graphql' },
  { name: 'talent', typeDefs: parse(talent), url: 'http://talent.invalid/graphql' },
]);

if (result.errors) {
  for (const error of result.errors) process.stderr.write(`composition error: ${error.message}\n`);
  process.exit(1);
}
for (const hint of result.hints) process.stdout.write(`hint ${hint.definition.code}: ${hint.message}\n`);
const outAt = process.argv.indexOf('--out');
const out = outAt === -1 ? undefined : process.argv[outAt + 1];
if (out) writeFileSync(out, result.supergraphSdl);
process.stdout.write(
  `composition ok: media-intelligence + catalogue + talent (${result.supergraphSdl.length} characters of supergraph SDL${out ? `, written to ${out}` : ''})\n`,
);
