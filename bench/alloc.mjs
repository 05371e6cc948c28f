import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNode24 } from './lib/node24.mjs';
import { BENCH_DIR, runLoad } from './lib/procs.mjs';
import { startTarget, startUpstream } from './lib/stack.mjs';
import { REQUEST_BODY, REQUEST_HEADERS } from './lib/workload.mjs';

/**
 * `node bench/alloc.mjs [gateway|baseline|mercurius] [top]` (after `npm run build`): bytes allocated per
 * request under concurrency-64 load (V8's sampling heap profiler, collected objects included) and the
 * functions that allocate most. Unlike CPU time, this hardly moves with a busy host: a steadier guide for
 * changes too small to show through the noise of req/s (garbage is what the young-generation GC pays for).
 */
const target = process.argv[2] ?? 'gateway';
const top = Number(process.argv[3] ?? 25);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const node = (process.env.BENCH_NODE24 === '0' ? null : findNode24(join(BENCH_DIR, '..'), console.error)) ?? process.execPath;
const dir = mkdtempSync(join(tmpdir(), 'bench-alloc-'));
const upstream = await startUpstream(Number(process.env.UPSTREAM_LATENCY_MS ?? 0));
const out = join(dir, 'alloc.json');
const server = await startTarget({
  node,
  name: target,
  upstreamUrl: upstream.url,
  env: { BENCH_SAMPLE: 'heap', BENCH_SAMPLE_OUT: out, BENCH_SAMPLE_DELAY_MS: '0' },
  nodeArgs: ['--import=./lib/sampler.mjs'],
});
try {
  // The sampler starts at once; the warm-up's allocations are counted with its requests (compiling and
  // warming the caches is a small share of 3 s of load).
  await runLoad({ url: server.url, connections: 64, seconds, body: REQUEST_BODY, headers: REQUEST_HEADERS });
} finally {
  await server.stop(); // the sampler writes its file on a clean exit (the target exits on SIGTERM)
  await upstream.stop();
}
const { requests, profile } = JSON.parse(readFileSync(out, 'utf8'));
const bytes = new Map();
let total = 0;
const visit = (node) => {
  const frame = node.callFrame;
  const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/.*node_modules\//, '').replace(/.*\/(dist|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
  total += node.selfSize;
  bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize);
  for (const child of node.children ?? []) visit(child);
};
visit(profile.head);
console.log(
  `${target}: ${(total / requests / 1024).toFixed(1)} KB allocated per request (${requests} requests, node ${node === process.execPath ? process.version : 'from .bench-cache'})`,
);
for (const [name, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(size / requests).toFixed(0).padStart(7)} B  ${name}`);
