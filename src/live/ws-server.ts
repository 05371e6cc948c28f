import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingHeaders } from '../edge/authenticate.js';
import type { Context } from '../graphql/context.js';
import type { OperationPreparer } from '../graphql/operation-preparer.js';
import { ErrorCode, GatewayError } from '../common/errors.js';
import { toRequestId } from '../common/request-id.js';
import type { RateLimitVerdict } from '../edge/tenant-rate-limit.js';
import type { Logger } from '../observability/logger.js';
import type { Tenant } from '../config/tenants.js';

/** Close codes of graphql-ws (CONTRACT.md, "Following an analysis live"); 1001 is WebSocket's "going away". */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_GOING_AWAY = 1001;
/** The tenant already has its live.maxSockets connections open (graphql-ws clients do not retry 4429). */
export const CLOSE_TOO_MANY_SOCKETS = 4429;
const CLOSE_WAIT_MS = 2_000;
const MAX_MESSAGE_BYTES = 64 * 1024;
/** Subscriptions one socket may hold at once: each is a poller's subscriber, so they are not free. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 25;

export interface LiveServerOptions {
  server: Server;
  schema: GraphQLSchema;
  authenticate(headers: IncomingHeaders): Tenant | null;
  contextFor(tenant: Tenant, requestId: string): Context;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  log: Logger;
  production: boolean;
  /** Parse, validation (the same operation limits as HTTP) and variable coercion (src/graphql/operation-preparer.ts). */
  operations: OperationPreparer;
  /** The tenant's rate limit: every subscribe counts as one request. */
  rateLimit?: (tenant: Tenant) => Promise<RateLimitVerdict>;
}

export interface LiveServer {
  /** Refuses new sockets, then closes open ones with 1001 (streams should be completed before). */
  close(): Promise<void>;
}

/**
 * GraphQL over WebSocket (graphql-transport-ws) at /graphql on the gateway's own HTTP server. Only
 * subscriptions run here: queries and mutations keep the HTTP path (and whatever guards it).
 */
export function attachLiveServer(options: LiveServerOptions): LiveServer {
  const { server, schema, log } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const tenants = new WeakMap<object, { tenant: Tenant; requestId: string }>();
  /** Open, accepted sockets per tenant id on this replica (checked against the tenant's live.maxSockets). */
  const openSockets = new Map<string, number>();
  let closing = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/graphql' || closing) {
      socket.end(`HTTP/1.1 ${closing ? '503 Service Unavailable' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => options.formatError(error.toJSON(), error));

  useServer(
    {
      schema,
      isProd: options.production,
      onConnect: (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        const tenant = typeof authorization === 'string' ? options.authenticate({ authorization }) : null;
        if (!tenant) {
          // graphql-ws would close with 4403; the contract prefers 4401 for a missing or unknown key.
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized: send { "authorization": "Bearer <apiKey>" } in connection_init');
          return false;
        }
        const open = openSockets.get(tenant.id) ?? 0;
        if (open >= tenant.live.maxSockets) {
          ctx.extra.socket.close(CLOSE_TOO_MANY_SOCKETS, `Too many connections: tenant ${tenant.id} has its ${tenant.live.maxSockets} (live.maxSockets) open`);
          return false;
        }
        openSockets.set(tenant.id, open + 1);
        ctx.extra.socket.once('close', () => {
          const left = (openSockets.get(tenant.id) ?? 1) - 1;
          if (left > 0) openSockets.set(tenant.id, left);
          else openSockets.delete(tenant.id);
        });
        tenants.set(ctx, { tenant, requestId: toRequestId(ctx.extra.request.headers['x-request-id']) });
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const caller = tenants.get(ctx);
        if (!caller) return [new GatewayError('Not authenticated', ErrorCode.UNAUTHENTICATED)];
        // graphql-ws reserves this operation's slot in ctx.subscriptions before calling onSubscribe.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [new GatewayError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`, ErrorCode.BAD_USER_INPUT)];
        }
        const verdict = options.rateLimit ? await options.rateLimit(caller.tenant) : { allowed: true as const };
        if (!verdict.allowed) {
          return [
            new GatewayError(`Rate limit of tenant ${caller.tenant.id} exceeded`, ErrorCode.RATE_LIMITED, { retryAfterSeconds: verdict.retryAfterSeconds }),
          ];
        }
        const prepared = options.operations.prepare(payload.query, payload.operationName);
        if (prepared.kind === 'refused') return prepared.errors;
        const { document, operation } = prepared;
        if (operation.operation !== 'subscription') {
          return [new GatewayError('Only subscriptions are served over WebSocket; send queries and mutations to POST /graphql', ErrorCode.BAD_USER_INPUT)];
        }
        // As Apollo does over HTTP: variables that do not fit their types are the client's input error. Left to
        // graphql-js they came back without a code and were masked as INTERNAL_SERVER_ERROR.
        const invalidVariables = options.operations.coerceVariables(operation, payload.variables);
        if (invalidVariables) return invalidVariables;
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: options.contextFor(caller.tenant, caller.requestId),
        };
      },
      // Same masking as HTTP: only GatewayErrors and request errors reach the client as they are.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { data: result.data ?? null, errors: formatAll(result.errors), ...(result.extensions ? { extensions: result.extensions } : {}) }
          : undefined,
      onError: (_ctx, _id, _payload, errors) => formatAll(errors),
    },
    wss,
  );
  wss.on('error', (error) => log.error({ err: error }, 'websocket server error'));

  return {
    async close() {
      closing = true;
      server.off('upgrade', onUpgrade);
      // Let graphql-ws send the `complete` of streams that just ended before the close frames.
      await new Promise((resolve) => setImmediate(resolve));
      const open = [...wss.clients];
      for (const ws of open) ws.close(CLOSE_GOING_AWAY, 'The gateway is shutting down');
      await waitClosed(open, CLOSE_WAIT_MS);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Waits for the closing handshakes, bounded; sockets that do not answer are terminated. */
async function waitClosed(sockets: WebSocket[], timeoutMs: number): Promise<void> {
  const closed = Promise.all(
    sockets.map((ws) => (ws.readyState === ws.CLOSED ? undefined : new Promise<void>((resolve) => ws.once('close', () => resolve())))),
  );
  const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, timeoutMs, 'timeout').unref());
  if ((await Promise.race([closed, timer])) === 'timeout') for (const ws of sockets) ws.terminate();
}
