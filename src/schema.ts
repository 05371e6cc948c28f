import { readdirSync, readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.js';

/** The SDL files in schema/ (one per area). This module sits directly in src/ (and dist/), one level below the root. */
const SCHEMA_DIR = new URL('../schema/', import.meta.url);

export function loadTypeDefs(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'))
    .join('\n');
}

/** The executable schema: a Federation 2 subgraph (`_service`, `_entities`) built from schema/ and the resolvers. */
export function buildGatewaySchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(loadTypeDefs()), resolvers: resolvers as never });
}
