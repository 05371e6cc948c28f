import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../common/errors.js';
import { toRequestId } from '../common/request-id.js';
import { EXPLORER_OFF, wantsExplorerPage, type Explorer } from '../dev/explorer/create-explorer.js';
import type { Metrics } from '../observability/metrics.js';
import type { RequestObservation, RequestObserver } from '../observability/request-observer.js';
import { sendGraphQLError, sendJson, sendText } from './send.js';

/** Where the gateway is in its life: /readyz answers 200 only when `ready`; `draining` refuses new work. */
export type Lifecycle = 'starting' | 'ready' | 'draining';

export interface RouterParts {
  /** The /graphql edge (src/http/graphql-handler.ts). */
  handleGraphQL: (req: IncomingMessage, res: ServerResponse, search: string, observation: RequestObservation) => Promise<void>;
  mcp: { handle(req: IncomingMessage, res: ServerResponse): Promise<void> } | null;
  explorer: Explorer | null;
  observer: RequestObserver;
  metrics: Metrics;
  lifecycle: () => Lifecycle;
}

const SHUTTING_DOWN = 'The gateway is shutting down; retry on another replica';

/** The gateway's routes: /graphql (inside the request observer), /mcp, /metrics, health, the explorer. */
export function createRouter(parts: RouterParts) {
  const { handleGraphQL, mcp, explorer, observer, metrics, lifecycle } = parts;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = toRequestId(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const draining = lifecycle() === 'draining';
    if (draining) res.setHeader('connection', 'close');
    const queryAt = req.url?.indexOf('?') ?? -1;
    const pathname = queryAt === -1 ? (req.url ?? '/') : req.url!.slice(0, queryAt);
    const search = queryAt === -1 ? '' : req.url!.slice(queryAt);
    if (explorer && pathname.startsWith('/explorer/')) return explorer.sendAsset(req, res, pathname.slice('/explorer/'.length));
    switch (pathname) {
      case '/graphql':
        if (explorer?.wantsPage(req, search)) return explorer.sendPage(res);
        if (!explorer && wantsExplorerPage(req, search)) return sendText(res, 404, EXPLORER_OFF);
        return observer.observe(
          res,
          requestId,
          async (observation) => {
            if (draining) {
              metrics.rejections.inc({ reason: 'draining' });
              return sendGraphQLError(res, 503, SHUTTING_DOWN, ErrorCode.UPSTREAM_UNAVAILABLE, { retryable: true });
            }
            if (req.method !== 'GET' && req.method !== 'POST') {
              res.setHeader('allow', 'GET, POST');
              return sendGraphQLError(res, 405, 'Use GET or POST for /graphql', 'METHOD_NOT_ALLOWED');
            }
            return handleGraphQL(req, res, search, observation);
          },
          { headers: req.headers },
        );
      case '/mcp':
        if (!mcp) return sendText(res, 404, 'MCP is off: set MCP_ENABLED=true to serve /mcp.\n');
        if (draining) return sendGraphQLError(res, 503, SHUTTING_DOWN, ErrorCode.UPSTREAM_UNAVAILABLE, { retryable: true });
        return mcp.handle(req, res);
      case '/metrics':
        return sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      case '/favicon.ico':
        // Browsers ask for it on any page of this origin; no icon, and no 404 in their console.
        res.writeHead(204, { 'cache-control': 'public, max-age=86400' }).end();
        return;
      case '/healthz':
        return sendJson(res, 200, { status: 'ok' });
      case '/readyz': {
        const state = lifecycle();
        return state === 'ready' ? sendJson(res, 200, { status: 'ready' }) : sendJson(res, 503, { status: state });
      }
      default:
        return sendText(res, 404, 'Not found. GraphQL is served at /graphql.\n');
    }
  };
}
