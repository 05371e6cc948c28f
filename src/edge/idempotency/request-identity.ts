import { isRecord } from '../../common/is-record.js';
import { sha256Hex } from '../../common/sha256-hex.js';

/** 1 to 255 visible ASCII characters (CONTRACT.md, "Request headers beyond authentication"). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Far deeper than any input of the schema; the fingerprint follows variables recursively (canonical), so it is bounded. */
export const MAX_VARIABLES_DEPTH = 64;
/** Values (object members and array items, nested ones included) in the variables of a keyed request; no input of the schema needs a hundred. */
export const MAX_VARIABLES_VALUES = 1_000;

export type IdempotentRequest =
  | { kind: 'not-applicable' }
  | { kind: 'invalid-key' }
  | { kind: 'variables-too-deep' }
  | { kind: 'variables-too-large' }
  | { kind: 'idempotent'; key: string; fingerprint: string };

/** Reads persisted query text by its sha256 hash (Apollo APQ cache), for hash-only requests. */
export type PersistedQueryLookup = (sha256Hash: string) => Promise<string | undefined>;

/** The type of the operation a request selects, or null when the document would be refused (src/graphql/operation-preparer.ts). */
export type OperationTypeOf = (query: string, operationName: string | null) => 'query' | 'mutation' | 'subscription' | null;

/**
 * Decides whether a request falls under Idempotency-Key handling: only a POST whose selected operation
 * is a mutation. The fingerprint covers the document (its sha256, which is also its APQ hash, so a
 * hash-only retry matches a first request that sent the text), the operation name and the variables.
 */
export async function toIdempotentRequest(
  method: string,
  body: unknown,
  header: string | undefined,
  lookup: PersistedQueryLookup,
  operationTypeOf: OperationTypeOf,
): Promise<IdempotentRequest> {
  if (header === undefined || method !== 'POST' || !isRecord(body)) return { kind: 'not-applicable' };
  const operationName = typeof body.operationName === 'string' ? body.operationName : null;
  const hash = readPersistedHash(body.extensions);
  let query = typeof body.query === 'string' ? body.query : undefined;
  if (query === undefined && hash !== null) query = await lookup(hash);
  // No readable or valid document: Apollo answers the request (parse or validation error, PersistedQueryNotFound)
  // and calls nothing upstream.
  if (query === undefined || operationTypeOf(query, operationName) !== 'mutation') return { kind: 'not-applicable' };
  if (!KEY_PATTERN.test(header)) return { kind: 'invalid-key' };
  const documentId = typeof body.query === 'string' ? sha256Hex(body.query) : hash!;
  const variables = canonical(isRecord(body.variables) ? body.variables : {});
  if (variables === TOO_DEEP) return { kind: 'variables-too-deep' };
  if (variables === TOO_LARGE) return { kind: 'variables-too-large' };
  return { kind: 'idempotent', key: header, fingerprint: sha256Hex(`[${JSON.stringify(documentId)},${JSON.stringify(operationName)},${variables}]`) };
}

function readPersistedHash(extensions: unknown): string | null {
  if (!isRecord(extensions) || !isRecord(extensions.persistedQuery)) return null;
  const hash = extensions.persistedQuery.sha256Hash;
  return typeof hash === 'string' && /^[0-9a-fA-F]{64}$/.test(hash) ? hash.toLowerCase() : null;
}

const TOO_DEEP = Symbol('too deep');
const TOO_LARGE = Symbol('too large');

/**
 * The variables as JSON with object keys sorted, so {a,b} and {b,a} are the same variables (the same
 * text JSON.stringify gives for sorted copies, so fingerprints stay those of earlier versions). Written
 * in one walk that stops at MAX_VARIABLES_DEPTH (a JSON body may nest thousands of levels) and after
 * MAX_VARIABLES_VALUES values (sorting and hashing 100k keys per keyed request costs every client).
 */
function canonical(value: unknown): string | typeof TOO_DEEP | typeof TOO_LARGE {
  let budget = MAX_VARIABLES_VALUES + 1; // the variables object itself is not one of its values
  const write = (v: unknown, depth: number): string | typeof TOO_DEEP | typeof TOO_LARGE => {
    if (depth > MAX_VARIABLES_DEPTH) return TOO_DEEP;
    if ((budget -= 1) < 0) return TOO_LARGE;
    if (Array.isArray(v)) {
      const items: string[] = [];
      for (const item of v) {
        const text = write(item, depth + 1);
        if (typeof text !== 'string') return text;
        items.push(text);
      }
      return `[${items.join(',')}]`;
    }
    if (!isRecord(v)) return JSON.stringify(v) ?? 'null';
    const keys = Object.keys(v);
    if (keys.length > budget) return TOO_LARGE;
    const entries: string[] = [];
    for (const key of keys.sort()) {
      const text = write(v[key], depth + 1);
      if (typeof text !== 'string') return text;
      entries.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${entries.join(',')}}`;
  };
  return write(value, 0);
}
