import type { IncomingMessage } from 'node:http';
import { HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import Negotiator from 'negotiator';
import type { Context } from './context.js';
import { toGraphQLError } from './jit-executor.js';
import type { KnownOperation, KnownOperations } from './known-operations.js';
import { isRecord } from '../common/is-record.js';

export interface KnownOperationPathOptions {
  operations: KnownOperations;
  createContext: (req: IncomingMessage, requestId: string) => Context;
  /** Apollo's `formatError` (the same function Apollo was given). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** What Apollo's plugins do in `didEncounterErrors` (GraphQL Armor masks suggestions in place). */
  rewriteErrors: (errors: GraphQLError[]) => Promise<void>;
  /** The request log's view of the operation (what the observer's Apollo plugin records). */
  onOperation: (tenantId: string, operation: KnownOperation) => void;
  onFormattedErrors: (errors: readonly GraphQLFormattedError[]) => void;
}

/**
 * Answers a POST whose query text Apollo has already accepted (src/graphql/known-operations.ts) by
 * running the compiled operation directly, skipping Apollo's per-request pipeline (plugin hook awaits,
 * a SHA-256 of the text, a document-cache lookup, content negotiation, context cloning). The answer is
 * the one Apollo would give, byte for byte: same body, status, content type and error formatting
 * (test/integration/known-operation-path.test.ts compares both).
 *
 * Resolves null, having run nothing, whenever Apollo must answer: an unknown text or operation name, a
 * body Apollo would refuse or that carries `extensions` (persisted queries), an Accept header it would
 * answer 406, and variables that fail coercion (checked before any resolver runs).
 */
export function createKnownOperationPath(options: KnownOperationPathOptions) {
  const { operations, createContext, formatError, rewriteErrors, onOperation, onFormattedErrors } = options;
  return async (req: IncomingMessage, body: unknown, requestId: string): Promise<HTTPGraphQLResponse | null> => {
    if (!isRecord(body) || body['extensions'] !== undefined) return null;
    const { query, operationName, variables } = body as { query?: unknown; operationName?: unknown; variables?: unknown };
    if (typeof query !== 'string') return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    if (variables !== undefined && variables !== null && !isRecord(variables)) return null;
    const known = operations.find(query, operationName ?? undefined);
    if (known === undefined) return null;
    const contentType = contentTypeFor(req.headers.accept);
    if (contentType === null) return null;

    const context = createContext(req, requestId);
    const result = await known.compiled.query(undefined, context, variables ?? {});
    // Variable coercion failed: no resolver ran; Apollo answers it (400 BAD_USER_INPUT, its wording).
    if (result.data === undefined) return null;
    onOperation(context.tenant.id, known);
    if (!result.errors || result.errors.length === 0) {
      return { status: 200, headers: new HeaderMap([['content-type', contentType]]), body: { kind: 'complete', string: `${JSON.stringify({ data: result.data })}\n` } };
    }
    const errors = result.errors.map(toGraphQLError);
    await rewriteErrors(errors);
    const { formatted, status, headers } = formatErrors(errors, formatError);
    onFormattedErrors(formatted);
    if (!headers.has('content-type')) headers.set('content-type', contentType);
    return { status: status ?? 200, headers, body: { kind: 'complete', string: `${JSON.stringify({ errors: formatted, data: result.data })}\n` } };
  };
}

const APPLICATION_JSON = 'application/json; charset=utf-8';
const MEDIA_TYPES = [APPLICATION_JSON, 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];
const MAX_REMEMBERED_ACCEPT = 64;
const contentTypes = new Map<string, string | null>();

/** Apollo's content negotiation for a single result (chooseContentTypeForSingleResultResponse), remembered per Accept value. */
function contentTypeFor(accept: string | undefined): string | null {
  if (!accept) return APPLICATION_JSON;
  let chosen = contentTypes.get(accept);
  if (chosen === undefined) {
    chosen = new Negotiator({ headers: { accept } }).mediaType(MEDIA_TYPES) ?? null;
    if (contentTypes.size < MAX_REMEMBERED_ACCEPT) contentTypes.set(accept, chosen);
  }
  return chosen;
}

/** Apollo's normalizeAndFormatErrors for execution errors (its errorNormalize.ts), stack traces off. */
function formatErrors(errors: readonly GraphQLError[], formatError: KnownOperationPathOptions['formatError']) {
  const headers = new HeaderMap();
  let status: number | undefined;
  const formatted = errors.map((error): GraphQLFormattedError => {
    try {
      const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions['code'] ?? 'INTERNAL_SERVER_ERROR' };
      const http = extensions['http'];
      if (isHttpHead(http)) {
        if (http.status) status = http.status;
        if (http.headers) for (const [name, value] of http.headers) headers.set(name, value);
        delete extensions['http'];
      }
      return formatError({ ...error.toJSON(), extensions }, error);
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
  return { formatted, status, headers };
}

function isHttpHead(value: unknown): value is { status?: number; headers?: Map<string, string> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (!('status' in value) || typeof value.status === 'number') &&
    (!('headers' in value) || value.headers instanceof Map)
  );
}
