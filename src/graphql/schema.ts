import { readdirSync, readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isUnionType, parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { badInput } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import { resolvers } from '../resolvers/resolvers.js';

/** The SDL files in schema/ (one per area). This module sits in src/graphql/ (and dist/graphql/), two levels below the root. */
const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

export function loadTypeDefs(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'))
    .join('\n');
}

/** The executable schema: a Federation 2 subgraph (`_service`, `_entities`) built from schema/ and the resolvers. */
export function buildGatewaySchema(): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs: parse(loadTypeDefs()), resolvers: resolvers as never });
  guardEntityRepresentations(schema);
  return schema;
}

/**
 * @apollo/subgraph throws a plain Error (masked as INTERNAL_SERVER_ERROR) for the whole `_entities` list when one
 * representation names no entity type. Such an entry is the caller's input error: BAD_USER_INPUT for it alone.
 */
function guardEntityRepresentations(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const union = schema.getType('_Entity');
  if (!field?.resolve || !isUnionType(union)) return;
  const entityTypes = new Set(union.getTypes().map((type) => type.name));
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
  const isEntity = (representation: unknown) =>
    isRecord(representation) && typeof representation.__typename === 'string' && entityTypes.has(representation.__typename);
  const refusal = `each representation must be an object whose __typename is an entity type (${[...entityTypes].join(', ')})`;
  field.resolve = (source, args: { representations: unknown[] }, context, info) => {
    // graphql-jit 0.8 appends `null` for a failed list item instead of writing it at its index, so the entries
    // must settle in list order or failed ones land at the wrong place (or the list changes length).
    let previous: Promise<unknown> = Promise.resolve();
    return args.representations.map((representation) => {
      const item = isEntity(representation)
        ? Promise.resolve((resolve(source, { representations: [representation] }, context, info) as unknown[])[0])
        : Promise.reject(badInput(refusal, 'representations'));
      item.catch(() => {}); // handled below, once the entries before it have settled
      const inOrder = previous.then(() => item);
      previous = inOrder.catch(() => undefined);
      return inOrder;
    });
  };
}
