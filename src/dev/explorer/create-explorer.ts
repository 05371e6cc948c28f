import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadExplorerAssets, sendExplorerAsset } from './assets.js';
import { EXPLORER_CSP, renderExplorerPage, type ExplorerPageSettings } from './page.js';

export type { ExplorerPageSettings } from './page.js';

export interface Explorer {
  /** A browser opening /graphql: GET, HTML accepted, and no `query` parameter (a GET query still gets JSON). */
  wantsPage(req: IncomingMessage, search: string): boolean;
  sendPage(res: ServerResponse): void;
  /** Serves `/explorer/<name>`. */
  sendAsset(req: IncomingMessage, res: ServerResponse, name: string): void;
}

/** The self-hosted GraphiQL explorer; reads its assets once, here. */
export function createExplorer(endpoint: string, settings: ExplorerPageSettings = {}): Explorer {
  const assets = loadExplorerAssets();
  const page = Buffer.from(renderExplorerPage(endpoint, assets.version, settings), 'utf8');
  return {
    wantsPage: wantsExplorerPage,
    sendPage(res) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': page.length,
        'cache-control': 'no-cache',
        'content-security-policy': EXPLORER_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(page);
    },
    sendAsset: (req, res, name) => sendExplorerAsset(req, res, assets, name),
  };
}

/** A browser opening /graphql: GET, HTML accepted, and no `query` parameter (a GET query still gets JSON). */
export function wantsExplorerPage(req: IncomingMessage, search: string): boolean {
  if (req.method !== 'GET') return false;
  if (!String(req.headers.accept ?? '').includes('text/html')) return false;
  return !new URLSearchParams(search).has('query');
}

/** What a browser opening /graphql reads when the explorer is off (rather than "Missing API key"). */
export const EXPLORER_OFF =
  'The GraphQL explorer is off on this gateway (the default outside the sandbox). Set GRAPHQL_EXPLORER=true to serve it here.\n' +
  'GraphQL clients POST JSON to /graphql with Authorization: Bearer <apiKey>.\n';
