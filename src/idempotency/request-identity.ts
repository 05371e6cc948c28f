import { isRecord } from '../is-record.js';
import { sha256Hex } from '../sha256-hex.js';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/** 1 to 255 visible ASCII characters (CONTRACT.md, "Request headers beyond authentication"). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Far deeper than any input of the schema; the fingerprint follows variables recursively (canonical), so it is bounded. */
export const MAX_VARIABLES_DEPTH = 64;

export type IdempotentRequest =
  | { kind: 'not-applicable' }
  | { kind: 'invalid-key' }
  | { kind: 'variables-too-deep' }
  | { kind: 'idempotent'; key: string; fingerprint: string };

/** Reads persisted query text by its sha256 hash (Apollo APQ cache), for hash-only requests. */
export type PersistedQueryLookup = (sha256Hash: string) => Promise<string | undefined>;

/**
 * Decides whether a request falls under Idempotency-Key handling: only a POST whose selected operation
 * is a mutation. The fingerprint covers the document (its sha256, which is also its APQ hash, so a
 * hash-only retry matches a first request that sent the text), the operation name and the variables.
 */
export async function toIdempotentRequest(method: string, body: unknown, header: string | undefined, lookup: PersistedQueryLookup, maxTokens?: number): Promise<IdempotentRequest> {
  if (header === undefined || method !== 'POST' || !isRecord(body)) return { kind: 'not-applicable' };
  const operationName = typeof body.operationName === 'string' ? body.operationName : null;
  const hash = readPersistedHash(body.extensions);
  let query = typeof body.query === 'string' ? body.query : undefined;
  if (query === undefined && hash !== null) query = await lookup(hash);
  // No readable document: Apollo answers the request (parse error, PersistedQueryNotFound) and calls nothing upstream.
  if (query === undefined || !isMutation(query, operationName, maxTokens)) return { kind: 'not-applicable' };
  if (!KEY_PATTERN.test(header)) return { kind: 'invalid-key' };
  const documentId = typeof body.query === 'string' ? sha256Hex(body.query) : hash!;
  const variables = canonical(isRecord(body.variables) ? body.variables : {}, 0);
  if (variables === TOO_DEEP) return { kind: 'variables-too-deep' };
  return { kind: 'idempotent', key: header, fingerprint: sha256Hex(JSON.stringify([documentId, operationName, variables])) };
}

function isMutation(query: string, operationName: string | null, maxTokens: number | undefined): boolean {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, maxTokens === undefined ? { noLocation: true } : { noLocation: true, maxTokens }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const selected = operationName === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  return selected?.operation === 'mutation';
}

function readPersistedHash(extensions: unknown): string | null {
  if (!isRecord(extensions) || !isRecord(extensions.persistedQuery)) return null;
  const hash = extensions.persistedQuery.sha256Hash;
  return typeof hash === 'string' && /^[0-9a-fA-F]{64}$/.test(hash) ? hash.toLowerCase() : null;
}

const TOO_DEEP = Symbol('too deep');

/**
 * JSON with object keys sorted, so {a,b} and {b,a} are the same variables. TOO_DEEP past
 * MAX_VARIABLES_DEPTH: a JSON body may nest thousands of levels, which this recursion must not follow.
 */
function canonical(value: unknown, depth: number): unknown {
  if (depth > MAX_VARIABLES_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    const items = [];
    for (const item of value) {
      const copy = canonical(item, depth + 1);
      if (copy === TOO_DEEP) return TOO_DEEP;
      items.push(copy);
    }
    return items;
  }
  if (!isRecord(value)) return value;
  const entries: Array<[string, unknown]> = [];
  for (const key of Object.keys(value).sort()) {
    const copy = canonical(value[key], depth + 1);
    if (copy === TOO_DEEP) return TOO_DEEP;
    entries.push([key, copy]);
  }
  // fromEntries defines own properties: a "__proto__" key from JSON stays a key.
  return Object.fromEntries(entries);
}
