import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Context } from '../graphql/context.js';
import { isAcceptedBodyType, withLegacyStatus } from './legacy-status.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { sendGraphQLError } from './send.js';

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<Context>;
  maxBodyBytes: number;
  /** Builds the context; throws a GatewayError (UNAUTHENTICATED, RATE_LIMITED) to refuse. */
  createContext: (req: IncomingMessage, requestId: string) => Promise<Context> | Context;
  /** Runs around Apollo's execution (tenant rate limit, idempotency: src/edge/request-guard.ts). */
  guard?: RequestGuard;
  /**
   * Checked on the headers before anything else: a request without a valid key is answered 401 at
   * once (no body read, no CSRF or parse step first, CONTRACT.md "Client authentication").
   */
  isAuthenticated?: (req: IncomingMessage) => boolean;
  /** Told the code of an error answered here rather than by Apollo (request log outcome). */
  onRefused?: (code: string) => void;
  /** Answers a request Apollo has accepted before, or resolves null for Apollo to answer (src/graphql/known-operation-path.ts). */
  knownOperation?: ((req: IncomingMessage, body: unknown, requestId: string) => Promise<HTTPGraphQLResponse | null>) | undefined;
}

/** May answer on its own (429, an idempotent replay) or call `execute` at most once. `body` is the parsed POST body. */
export type RequestGuard = (req: IncomingMessage, body: unknown, execute: () => Promise<HTTPGraphQLResponse>) => Promise<HTTPGraphQLResponse>;

/** Adapts node:http to Apollo's `executeHTTPGraphQLRequest` (no web framework on the hot path). */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  const { apollo, maxBodyBytes, createContext, guard, isAuthenticated, onRefused, knownOperation } = options;
  return async (req: IncomingMessage, res: ServerResponse, search: string, requestId: string): Promise<void> => {
    if (isAuthenticated && !isAuthenticated(req)) {
      onRefused?.('UNAUTHENTICATED');
      // Node discards an unread request body after the answer, so the connection stays usable.
      return sendGraphQLError(res, 401, 'Missing or unknown API key: send Authorization: Bearer <apiKey>', 'UNAUTHENTICATED');
    }
    let body: unknown;
    if (req.method === 'POST') {
      // Anything but a JSON body is refused before it is read (text/plain; charset=json included).
      if (!isAcceptedBodyType(req.headers['content-type'])) {
        onRefused?.('BAD_REQUEST');
        return sendGraphQLError(res, 415, 'POST /graphql takes a JSON body: send Content-Type: application/json', 'BAD_REQUEST');
      }
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          res.setHeader('connection', 'close');
          return sendGraphQLError(res, 413, `Request body is larger than ${maxBodyBytes} bytes`, 'PAYLOAD_TOO_LARGE');
        }
        throw error;
      }
      body = parseBody(text);
      if (body === INVALID) return sendGraphQLError(res, 400, 'Request body is not valid JSON', 'BAD_REQUEST');
    }
    const viaApollo = () => {
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers: toHeaderMap(req), search, body };
      return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => createContext(req, requestId) });
    };
    const execute =
      knownOperation && req.method === 'POST' && isJson(req.headers['content-type'])
        ? async () => (await knownOperation(req, body, requestId)) ?? viaApollo()
        : viaApollo;
    const response = guard ? await guard(req, body, execute) : await execute();
    await writeResponse(res, withLegacyStatus(response, req.headers.accept));
  };
}

const INVALID = Symbol('invalid');

/** Only plain JSON bodies take the known-operation path; anything else goes through Apollo's CSRF and body checks. */
function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const lower = contentType.toLowerCase();
  return lower === 'application/json' || lower === 'application/json; charset=utf-8' || lower === 'application/json;charset=utf-8';
}

function parseBody(text: string): unknown {
  if (text.length === 0) return {};
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const existing = headers.get(name);
    headers.set(name, existing === undefined ? raw[i + 1]! : `${existing}, ${raw[i + 1]!}`);
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
