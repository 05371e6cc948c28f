import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { isRecord } from '../common/is-record.js';
import type { Tenant } from '../config/tenants.js';
import type { IncomingHeaders } from '../edge/authenticate.js';
import type { RequestGuard } from '../edge/request-guard.js';
import type { Context } from '../graphql/context.js';
import { CSRF_SAFE_HEADERS } from '../graphql/create-apollo.js';
import type { RequestObservation } from '../observability/request-observer.js';
import { isAcceptedBodyType, withLegacyStatus } from './legacy-status.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { sendGraphQLError } from './send.js';

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<Context>;
  maxBodyBytes: number;
  /** Finds the caller's tenant from its API key: the one lookup of the request (src/edge/authenticate.ts). */
  authenticate: (headers: IncomingHeaders) => Tenant | null;
  /** The request's context for an authenticated tenant (src/graphql/request-context.ts). */
  contextFor: (tenant: Tenant, requestId: string, observation: RequestObservation) => Context;
  /** Runs around Apollo's execution (tenant rate limit, idempotency: src/edge/request-guard.ts). */
  guard?: RequestGuard;
}

/**
 * The edge of every /graphql request, in order: the API key (401 at once, before any body read or CSRF
 * check, CONTRACT.md "Client authentication"), the body (JSON only, size cap), the guard (rate limit,
 * Idempotency-Key), then Apollo's `executeHTTPGraphQLRequest` with the tenant's context. The tenant is
 * found once here and passed down as a value.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  const { apollo, maxBodyBytes, authenticate, contextFor, guard } = options;
  return async (req: IncomingMessage, res: ServerResponse, search: string, observation: RequestObservation): Promise<void> => {
    /** Every answer made here rather than by Apollo: its code goes on the request line. */
    const refuse = (status: number, message: string, code: string) => {
      observation.noteErrorCode(code);
      sendGraphQLError(res, status, message, code);
    };
    const tenant = authenticate(req.headers);
    // Node discards an unread request body after the answer, so the connection stays usable.
    if (!tenant) return refuse(401, 'Missing or unknown API key: send Authorization: Bearer <apiKey>', 'UNAUTHENTICATED');
    observation.noteTenant(tenant.id);
    let body: unknown;
    if (req.method === 'POST') {
      // Anything but a JSON body is refused before it is read (text/plain; charset=json included).
      if (!isAcceptedBodyType(req.headers['content-type'])) {
        return refuse(415, 'POST /graphql takes a JSON body: send Content-Type: application/json', 'BAD_REQUEST');
      }
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        res.setHeader('connection', 'close');
        return refuse(413, `Request body is larger than ${maxBodyBytes} bytes`, 'PAYLOAD_TOO_LARGE');
      }
      body = parseBody(text);
      if (body === INVALID) return refuse(400, 'Request body is not valid JSON', 'BAD_REQUEST');
    }
    observation.noteOperation(sentOperationName(body, search), null);
    const execute = () => {
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers: toHeaderMap(req), search, body };
      return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => Promise.resolve(contextFor(tenant, observation.requestId, observation)) });
    };
    const response = guard ? await guard(tenant, req, body, execute, observation) : await execute();
    noteErrorCodes(observation, response);
    await writeResponse(res, withLegacyStatus(response, req.headers.accept));
  };
}

const INVALID = Symbol('invalid');

/** The codes of an answer's errors, for the request log's outcome (most answers have none and are not parsed). */
function noteErrorCodes(observation: RequestObservation, response: HTTPGraphQLResponse): void {
  if (response.body.kind !== 'complete' || !response.body.string.includes('"errors"')) return;
  let answer: unknown;
  try {
    answer = JSON.parse(response.body.string);
  } catch {
    return;
  }
  const errors = isRecord(answer) ? answer.errors : undefined;
  if (!Array.isArray(errors)) return;
  for (const error of errors) observation.noteErrorCode(isRecord(error) && isRecord(error.extensions) ? error.extensions.code : undefined);
}

/** The operationName a client sent in a POST body or a GET query string, for the request log. */
function sentOperationName(body: unknown, search: string): string | null {
  if (body !== undefined) return isRecord(body) && typeof body.operationName === 'string' ? body.operationName : null;
  return search.includes('operationName=') ? new URLSearchParams(search).get('operationName') : null;
}

function parseBody(text: string): unknown {
  if (text.length === 0) return {};
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/**
 * The request headers Apollo reads (body type, content negotiation, its CSRF check), from Node's already
 * parsed headers; nothing else of the request concerns it.
 */
const APOLLO_READS = ['content-type', 'accept', ...CSRF_SAFE_HEADERS] as const;

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const name of APOLLO_READS) {
    const value = req.headers[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  // Answers depend on the caller's tenant: never let a shared cache keep them.
  if (!response.headers.has('cache-control')) res.setHeader('cache-control', 'private, no-store');
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
