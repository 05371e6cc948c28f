import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BOOT_SCRIPT } from './boot-script.js';

export interface ExplorerAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** Computed on first request that accepts gzip: most of the 1.4 MB of GraphiQL is text. */
  gzipped?: Buffer;
}

/** URL path (below /explorer/) -> package file. Versions come from package-lock, so the page adds a content hash. */
const PACKAGE_FILES: Record<string, { pkg: string; file: string; contentType: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
};

export interface ExplorerAssets {
  readonly files: ReadonlyMap<string, ExplorerAsset>;
  /** Short hash of every asset: the page links `?v=<version>` so the year-long cache never serves stale files. */
  readonly version: string;
}

/** Reads GraphiQL, React and ReactDOM from node_modules once (startup); nothing is fetched from a CDN. */
export function loadExplorerAssets(): ExplorerAssets {
  const require = createRequire(import.meta.url);
  const files = new Map<string, ExplorerAsset>();
  const hash = createHash('sha256');
  for (const [name, { pkg, file, contentType }] of Object.entries(PACKAGE_FILES)) {
    const root = dirname(require.resolve(`${pkg}/package.json`));
    const body = readFileSync(join(root, file));
    hash.update(body);
    files.set(name, { body, contentType });
  }
  const boot = Buffer.from(BOOT_SCRIPT, 'utf8');
  hash.update(boot);
  files.set('boot.js', { body: boot, contentType: 'text/javascript; charset=utf-8' });
  return { files, version: hash.digest('hex').slice(0, 12) };
}

/** Serves /explorer/<name>; 404 for anything else. Cached for a year: URLs carry the content hash. */
export function sendExplorerAsset(req: IncomingMessage, res: ServerResponse, assets: ExplorerAssets, name: string): void {
  const asset = assets.files.get(name);
  if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found.\n');
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? (asset.gzipped ??= gzipSync(asset.body)) : asset.body;
  res.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': body.length,
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
