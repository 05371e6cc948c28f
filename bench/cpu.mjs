import { join } from 'node:path';
import { findNode24 } from './lib/node24.mjs';
import { cpuSeconds, peakRssMb, resetPeakRss } from './lib/proc.mjs';
import { BENCH_DIR, runLoad } from './lib/procs.mjs';
import { startTarget, startUpstream } from './lib/stack.mjs';
import { REQUEST_BODY, REQUEST_HEADERS } from './lib/workload.mjs';

/**
 * Quick tuning loop (`node bench/cpu.mjs [gateway|baseline|mercurius] [rounds]`, after `npm run build`):
 * CPU µs per request and peak RSS of one target at concurrency 64, fast upstream, on Node 24 when
 * cached. CPU per request is far less sensitive to a shared machine than req/s.
 */
const target = process.argv[2] ?? 'gateway';
const rounds = Number(process.argv[3] ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const repo = join(BENCH_DIR, '..');
const node = (process.env.BENCH_NODE24 === '0' ? null : findNode24(repo, console.error)) ?? process.execPath;
const upstream = await startUpstream(Number(process.env.UPSTREAM_LATENCY_MS ?? 0));
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const server = await startTarget({
  node,
  name: target,
  upstreamUrl: upstream.url,
  env: process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {},
  nodeArgs,
  ...(process.env.BENCH_GATEWAY_LOG ? { stdoutPath: process.env.BENCH_GATEWAY_LOG } : {}),
});
const load = (s) => runLoad({ url: server.url, connections: 64, seconds: s, body: REQUEST_BODY, headers: REQUEST_HEADERS });
await load(3);
resetPeakRss(server.pid);
const samples = [];
for (let i = 0; i < rounds; i++) {
  const before = cpuSeconds(server.pid);
  const result = await load(seconds);
  const cpu = cpuSeconds(server.pid) - before;
  samples.push({ us: (cpu * 1e6) / result.requests, rps: result.reqPerSec, bad: result.non2xx + result.errors });
}
const rss = peakRssMb(server.pid);
await server.stop();
await upstream.stop();
const us = samples.map((s) => s.us).sort((a, b) => a - b);
console.log(
  `${target}: CPU µs/req ${samples.map((s) => s.us.toFixed(1)).join(' ')} (median ${us[Math.floor(us.length / 2)].toFixed(1)}); req/s ${samples.map((s) => s.rps.toFixed(0)).join(' ')}; peak RSS ${rss.toFixed(1)} MB; errors ${samples.map((s) => s.bad).join(' ')}`,
);
