import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findNode24 } from './lib/node24.mjs';
import { rssMb } from './lib/proc.mjs';
import { BENCH_DIR, runLoad } from './lib/procs.mjs';
import { startStack } from './lib/stack.mjs';
import { REQUEST_BODY, REQUEST_HEADERS } from './lib/workload.mjs';

/**
 * `npm run bench:soak`: the gateway (and, for scale, the baseline) under steady concurrency-64 load
 * against the fast upstream for BENCH_SOAK_SECONDS (default 300), RSS sampled between slices.
 * Runs on Node 24 from .bench-cache when it can be had (BENCH_NODE24=0: the machine's Node).
 */
const TOTAL_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const SLICES = Math.max(2, Number(process.env.BENCH_SOAK_SLICES ?? 10));
const log = (line) => process.stderr.write(`${line}\n`);

async function main() {
  const node24 = process.env.BENCH_NODE24 === '0' ? null : findNode24(join(BENCH_DIR, '..'), log);
  const node = node24 ?? process.execPath;
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const stack = await startStack({ node, latencyMs: 0, gatewayLog: process.env.BENCH_GATEWAY_LOG ?? '/dev/null' });
  const names = ['gateway', 'baseline'];
  try {
    // A short warm-up so the start figure is the steady state after JIT and pools, not the idle process.
    const warmup = Math.min(10, Math.max(1, TOTAL_SECONDS / 10));
    for (const name of names) await runLoad({ url: stack.targets[name].url, connections: 64, seconds: warmup, body: REQUEST_BODY, headers: REQUEST_HEADERS });
    const rows = [];
    const sample = (label, requests) => rows.push({ label, requests, ...Object.fromEntries(names.map((n) => [n, rssMb(stack.targets[n].pid)])) });
    sample('start (after warm-up)', 0);
    const slice = TOTAL_SECONDS / SLICES;
    let requests = 0;
    for (let i = 1; i <= SLICES; i++) {
      // The gateway gets the whole slice; the baseline a tenth, as a yardstick only.
      const result = await runLoad({ url: stack.targets.gateway.url, connections: 64, seconds: slice, body: REQUEST_BODY, headers: REQUEST_HEADERS });
      await runLoad({ url: stack.targets.baseline.url, connections: 64, seconds: Math.max(1, slice / 10), body: REQUEST_BODY, headers: REQUEST_HEADERS });
      requests += result.ok;
      if (result.non2xx || result.errors) log(`  warning: slice ${i}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      sample(`after ${Math.round(slice * i)}s`, requests);
      log(`  ${rows.at(-1).label}: gateway RSS ${rows.at(-1).gateway.toFixed(1)} MB, ${requests} requests`);
    }
    const first = rows[0];
    const last = rows.at(-1);
    const mid = rows[Math.floor(rows.length / 2)];
    const lines = [
      `mi-gateway soak on Node ${version}${node24 ? ' (.bench-cache)' : ' (machine)'}: ${TOTAL_SECONDS}s at concurrency 64, fast upstream, ${requests} gateway requests`,
      '| sample | gateway requests | gateway RSS MB | baseline RSS MB |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.label} | ${r.requests} | ${r.gateway.toFixed(1)} | ${r.baseline.toFixed(1)} |`),
      `gateway RSS start ${first.gateway.toFixed(1)} MB, end ${last.gateway.toFixed(1)} MB (${(last.gateway - first.gateway).toFixed(1)} MB); second half ${(last.gateway - mid.gateway).toFixed(1)} MB`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  log(`soak failed: ${error.stack ?? error}`);
  process.exit(1);
});
