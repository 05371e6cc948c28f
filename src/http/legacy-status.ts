import type { HTTPGraphQLResponse } from '@apollo/server';
import Negotiator from 'negotiator';

/** Request errors Apollo answers 400: the document does not parse or validate, the variables do not coerce, no such operation. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * GraphQL over HTTP's rule for clients that accept only `application/json` ("legacy" clients; not one taking any type,
 * no Accept header, or one that also takes `application/graphql-response+json`): a well-formed request whose
 * document fails to parse or validate, or whose variables fail coercion, is answered 200 with the errors
 * (the client reads `errors`, not the status). Under `application/graphql-response+json` it stays 400.
 * Apollo answers 400 for both; this rewrites the status of such an answer, and nothing else: a malformed
 * HTTP request (no query, bad JSON) keeps its 400.
 */
export function withLegacyStatus(response: HTTPGraphQLResponse, accept: string | undefined): HTTPGraphQLResponse {
  if (response.status !== 400 || response.body.kind !== 'complete' || !acceptsOnlyJson(accept)) return response;
  if (!/^application\/json\b/i.test(response.headers.get('content-type') ?? '')) return response;
  let body: unknown;
  try {
    body = JSON.parse(response.body.string);
  } catch {
    return response;
  }
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0 || 'data' in (body as object)) return response;
  const requestErrors = errors.every((e: { extensions?: { code?: unknown } }) => REQUEST_ERROR_CODES.has(String(e?.extensions?.code)));
  return requestErrors ? { ...response, status: 200 } : response;
}

/** POST bodies the gateway reads: `application/json` (any parameters) and `application/graphql-response+json`. */
export function isAcceptedBodyType(contentType: string | undefined): boolean {
  const essence = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence === 'application/graphql-response+json';
}

const MEDIA_TYPES = ['application/graphql-response+json', 'application/json'];

function acceptsOnlyJson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const acceptable = new Negotiator({ headers: { accept } }).mediaTypes(MEDIA_TYPES);
  return acceptable.length === 1 && acceptable[0] === 'application/json';
}
