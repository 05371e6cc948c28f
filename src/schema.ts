import { readdirSync, readFileSync } from 'node:fs';

/** The SDL files in schema/ (one per area). This module sits directly in src/ (and dist/), one level below the root. */
const SCHEMA_DIR = new URL('../schema/', import.meta.url);

export function loadTypeDefs(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'))
    .join('\n');
}
