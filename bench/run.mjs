import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { findNode24 } from './lib/node24.mjs';
import { cpuSeconds, machineBusySeconds, peakRssMb, resetPeakRss, rssMb } from './lib/proc.mjs';
import { BENCH_DIR, pinning, runLoad } from './lib/procs.mjs';
import { formatScenario, formatTargets, median } from './lib/report.mjs';
import { startStack, TARGETS } from './lib/stack.mjs';
import { REQUEST_BODY, REQUEST_HEADERS } from './lib/workload.mjs';

/**
 * `npm run bench`: baseline forwarder, Mercurius + graphql-jit and mi-gateway (dist/, production
 * defaults) against a cheap upstream, rounds interleaved, medians printed with ratios to the baseline.
 */
const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 3);
const ROUNDS = Math.max(1, Number(env.BENCH_ROUNDS ?? 3));
const WARMUP_SECONDS = Number(env.BENCH_WARMUP_SECONDS ?? 2);
const GATEWAY_LOG = env.BENCH_GATEWAY_LOG ?? '/dev/null';
const REPO = join(BENCH_DIR, '..');
const log = (line) => process.stderr.write(`${line}\n`);

const SCENARIOS = [
  { name: 'fast upstream', latencyMs: 0, concurrencies: [1, 64] },
  { name: '50 ms upstream', latencyMs: 50, concurrencies: [64] },
];

function machine() {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { cores: pinning.cores, model, pinning: pinning.why };
}

async function measure(stack, name, connections, seconds) {
  const target = stack.targets[name];
  const cpu0 = cpuSeconds(target.pid);
  const up0 = cpuSeconds(stack.upstream.pid);
  const busy0 = machineBusySeconds();
  const result = await runLoad({ url: target.url, connections, seconds, body: REQUEST_BODY, headers: REQUEST_HEADERS });
  const cpu = cpuSeconds(target.pid) - cpu0;
  const fixtures = result.loadCpuSeconds + cpuSeconds(stack.upstream.pid) - up0;
  const core1 = fixtures / result.seconds;
  // CPU the machine spent on anything but this sample (other sessions, the OS): the noise indicator.
  const otherCores = Math.max(0, machineBusySeconds() - busy0 - cpu - fixtures) / result.seconds;
  if (result.non2xx || result.errors) log(`  warning: ${name} c${connections}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { ...result, cpuUsPerReq: (cpu / Math.max(1, result.ok)) * 1e6, serverCpu: cpu / result.seconds, core1, otherCores };
}

async function runScenario(node, scenario) {
  const stack = await startStack({ node, latencyMs: scenario.latencyMs, gatewayLog: GATEWAY_LOG });
  try {
    log(`  ${scenario.name}: warm-up ${WARMUP_SECONDS}s per target`);
    for (const name of TARGETS)
      if (WARMUP_SECONDS > 0)
        await runLoad({ url: stack.targets[name].url, connections: 64, seconds: WARMUP_SECONDS, body: REQUEST_BODY, headers: REQUEST_HEADERS });
    const idleRss = Object.fromEntries(TARGETS.map((n) => [n, rssMb(stack.targets[n].pid)]));
    const peakReset = TARGETS.every((n) => resetPeakRss(stack.targets[n].pid));
    const samples = {};
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of scenario.concurrencies) {
        for (const name of TARGETS) {
          const s = await measure(stack, name, c, SECONDS);
          (samples[`c${c}`] ??= {})[name] ??= [];
          samples[`c${c}`][name].push(s);
          log(
            `  round ${round} c${c} ${name.padEnd(9)} ${s.reqPerSec.toFixed(0).padStart(6)} req/s  p99 ${s.p99Ms.toFixed(2)} ms  server CPU ${(s.serverCpu * 100).toFixed(0)}%  load+upstream ${(s.core1 * 100).toFixed(0)}%  other ${s.otherCores.toFixed(2)} cores`,
          );
        }
      }
    }
    const peak = Object.fromEntries(TARGETS.map((n) => [n, peakRssMb(stack.targets[n].pid)]));
    const summaries = {};
    for (const [key, byTarget] of Object.entries(samples)) {
      summaries[key] = Object.fromEntries(
        TARGETS.map((n) => {
          const list = byTarget[n];
          const m = (f) => median(list.map(f));
          return [
            n,
            {
              reqPerSec: m((s) => s.reqPerSec),
              p50Ms: m((s) => s.p50Ms),
              p99Ms: m((s) => s.p99Ms),
              cpuUsPerReq: m((s) => s.cpuUsPerReq),
              peakRssMb: peak[n],
              idleRssMb: idleRss[n],
              core1: m((s) => s.core1),
              otherCores: m((s) => s.otherCores),
            },
          ];
        }),
      );
    }
    return { summaries, peakReset, samples };
  } finally {
    await stack.stop();
  }
}

async function main() {
  const info = machine();
  const nodes = [{ label: `machine Node ${process.version}`, path: process.execPath }];
  if (env.BENCH_NODE24 !== '0') {
    const node24 = findNode24(REPO, log);
    if (node24) nodes.unshift({ label: `Node ${execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim()} (.bench-cache, npm node@24)`, path: node24 });
  }
  log(`machine: ${info.cores} cores, ${info.model}; ${info.pinning}`);
  log(`rounds: ${ROUNDS} x ${SECONDS}s per target and concurrency, after ${WARMUP_SECONDS}s warm-up; gateway logs (LOG_LEVEL=info) to ${GATEWAY_LOG}`);
  const results = [];
  for (const node of nodes) {
    log(`\n${node.label}`);
    const byScenario = {};
    for (const scenario of SCENARIOS) byScenario[scenario.name] = await runScenario(node.path, scenario);
    results.push({ node: node.label, byScenario });
  }
  const out = [`mi-gateway bench: ${info.cores} cores (${info.model}); ${info.pinning}; ${ROUNDS} rounds x ${SECONDS}s, medians; ratios to the baseline`];
  for (const { node, byScenario } of results) {
    out.push(`\n=== ${node} ===`);
    for (const scenario of SCENARIOS) {
      const { summaries, peakReset } = byScenario[scenario.name];
      for (const [key, summary] of Object.entries(summaries)) {
        const core1 = Math.max(...Object.values(summary).map((s) => s.core1));
        const other = Math.max(...Object.values(summary).map((s) => s.otherCores));
        out.push(
          formatScenario(
            `${scenario.name}, concurrency ${key.slice(1)} (peak RSS ${peakReset ? 'since warm-up' : 'over the process lifetime'}; load core busy up to ${(core1 * 100).toFixed(0)}%; other processes used up to ${other.toFixed(2)} cores)`,
            summary,
          ),
        );
      }
    }
    const fast = byScenario['fast upstream'].summaries;
    out.push(formatTargets(node, fast.c1, fast.c64, byScenario['50 ms upstream'].summaries.c64));
  }
  process.stdout.write(`${out.join('\n')}\n`);
  mkdirSync(join(REPO, '.bench-cache'), { recursive: true });
  const file = join(REPO, '.bench-cache', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine: info, seconds: SECONDS, rounds: ROUNDS, results }, null, 2));
  log(`\nraw samples: ${file}`);
}

main().catch((error) => {
  log(`bench failed: ${error.stack ?? error}`);
  process.exit(1);
});
