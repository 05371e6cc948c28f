import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, printSchema, type GraphQLSchema } from 'graphql';

export interface SchemaChanges {
  /** Changes that can break an existing client (removed field, changed type, new required argument, …). */
  breaking: Change[];
  /** Dangerous and safe changes: the snapshot is stale but clients keep working. */
  other: Change[];
}

/** The schema clients see (introspection), as SDL: what `schema.snapshot.graphql` holds. */
export function toSnapshot(schema: GraphQLSchema): string {
  return `${printSchema(schema)}\n`;
}

/** Compares a snapshot with the current SDL using GraphQL Inspector's criticality rules. */
export async function findSchemaChanges(snapshotSdl: string, currentSdl: string): Promise<SchemaChanges> {
  const changes = await diff(buildSchema(snapshotSdl), buildSchema(currentSdl));
  return {
    breaking: changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking),
    other: changes.filter((c) => c.criticality.level !== CriticalityLevel.Breaking),
  };
}
