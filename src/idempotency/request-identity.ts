import { isRecord } from '../is-record.js';
import { sha256Hex } from '../sha256-hex.js';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/** 1 to 255 visible ASCII characters (CONTRACT.md, "Request headers beyond authentication"). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Far deeper than any input of the schema; the fingerprint follows variables recursively, so it is bounded. */
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
  const variables = isRecord(body.variables) ? body.variables : {};
  if (nestedDeeperThan(variables, MAX_VARIABLES_DEPTH)) return { kind: 'variables-too-deep' };
  return { kind: 'idempotent', key: header, fingerprint: sha256Hex(JSON.stringify([documentId, operationName, canonical(variables)])) };
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

/** Iterative, so a body nested thousands of levels deep cannot overflow the stack here. */
function nestedDeeperThan(root: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[root, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (depth > limit) return true;
    if (Array.isArray(value)) for (const item of value) pending.push([item, depth + 1]);
    else if (isRecord(value)) for (const item of Object.values(value)) pending.push([item, depth + 1]);
  }
  return false;
}

/** JSON with object keys sorted, so {a,b} and {b,a} are the same variables. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
}
