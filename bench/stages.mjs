import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNode24 } from './lib/node24.mjs';
import { cpuSeconds } from './lib/proc.mjs';
import { BENCH_DIR, runLoad } from './lib/procs.mjs';
import { startTarget, startUpstream } from './lib/stack.mjs';
import { REQUEST_BODY, REQUEST_HEADERS } from './lib/workload.mjs';

/**
 * `node bench/stages.mjs [target ...]` (after `npm run build`; default `gateway`, plus `previous` when
 * BENCH_PREVIOUS_DIST is set): where a request's CPU time goes, stage by stage, at concurrency 64 against
 * the fast upstream, on Node 24 when cached. Each target runs twice: once without a profiler for its CPU
 * per request, once with V8's sampling profiler started after the warm-up (bench/lib/sampler.mjs).
 * A sample belongs to the stage of the innermost frame on its stack that belongs to a known stage (so
 * node:crypto called by Apollo counts as Apollo, undici called by the upstream client as the upstream
 * client); the profiled shares are scaled to the unprofiled CPU per request.
 */
const STAGES = [
  ['edge: routing, body, authentication, guard', /^ours:(http|edge|limits|idempotency)\/|^ours:(auth|server|gateway|tenants)[^/]*$/],
  ['observation: log lines, metrics, spans', /^ours:(observability\/|logger|request-context)|^nm:(pino|sonic-boom|prom-client|@opentelemetry)\//],
  ['upstream client: sign, pool, read answer (undici)', /^ours:(upstream|vendor)\/|^nm:undici\//],
  ['resolvers, validation, mapping', /^ours:(resolvers\/|loaders\/|validate)|^nm:dataloader\//],
  ['execution: graphql-jit, scalars', /^ours:(graphql\/|execution\/|context)|^nm:(graphql-jit|graphql-scalars)\//],
  ['Apollo Server: HTTP layer, request pipeline', /^nm:(@apollo\/server|@apollo\/utils[^/]*|negotiator|whatwg-mimetype|content-type)\//],
  ['graphql-js', /^nm:graphql\//],
  ['Node HTTP server and sockets', /^node:(_http|http|net|internal\/(streams|stream_base_commons|http))/],
];
const OTHER = 'runtime: GC, microtask queue, program';

const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const repo = join(BENCH_DIR, '..');
const node = (process.env.BENCH_NODE24 === '0' ? null : findNode24(repo, console.error)) ?? process.execPath;
const names = process.argv.slice(2);
if (names.length === 0) names.push('gateway', ...(process.env.BENCH_PREVIOUS_DIST ? ['previous'] : []));
const upstream = await startUpstream(0);
const load = (url, s) => runLoad({ url, connections: 64, seconds: s, body: REQUEST_BODY, headers: REQUEST_HEADERS });
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** Per target, one sample per round: CPU per request and its stages (interleaved, so a slow phase of a shared machine hits every target). */
const samples = Object.fromEntries(names.map((name) => [name, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const us = await cpuPerRequest(name);
      samples[name].push({ us, stages: await profiledStages(name, us) });
    }
  }
} finally {
  await upstream.stop();
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = Object.fromEntries(
  names.map((name) => [
    name,
    {
      us: median(samples[name].map((s) => s.us)),
      stages: new Map([...STAGES.map(([stage]) => stage), OTHER].map((stage) => [stage, median(samples[name].map((s) => s.stages.get(stage) ?? 0))])),
    },
  ]),
);
const rows = [...STAGES.map(([stage]) => stage), OTHER];
console.log(`| stage (µs per request, scaled to unprofiled CPU; medians of ${rounds} interleaved rounds) | ${names.join(' | ')} |`);
console.log(`|---|${names.map(() => '---:').join('|')}|`);
for (const stage of rows) console.log(`| ${stage} | ${names.map((n) => (results[n].stages.get(stage) ?? 0).toFixed(1)).join(' | ')} |`);
console.log(
  `| **CPU per request (no profiler; stages are medians, so they need not add up to it)** | ${names.map((n) => results[n].us.toFixed(1)).join(' | ')} |`,
);

async function cpuPerRequest(name) {
  const server = await startTarget({ node, name, upstreamUrl: upstream.url });
  try {
    await load(server.url, 3);
    const before = cpuSeconds(server.pid);
    const result = await load(server.url, seconds);
    return ((cpuSeconds(server.pid) - before) * 1e6) / result.requests;
  } finally {
    await server.stop();
  }
}

async function profiledStages(name, us) {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-stages-')), 'cpu.json');
  const server = await startTarget({
    node,
    name,
    upstreamUrl: upstream.url,
    env: { BENCH_SAMPLE: 'cpu', BENCH_SAMPLE_OUT: out },
    nodeArgs: ['--import=./lib/sampler.mjs'],
  });
  try {
    await load(server.url, 3);
    process.kill(server.pid, 'SIGUSR2');
    await load(server.url, seconds);
  } finally {
    await server.stop(); // the sampler writes its file on a clean exit (the target exits on SIGTERM)
  }
  const { requests, profile } = JSON.parse(readFileSync(out, 'utf8'));
  const time = byStage(profile);
  const busy = [...time.values()].reduce((a, b) => a + b, 0);
  const scaled = new Map();
  for (const [stage, t] of time) scaled.set(stage, (t / busy) * us);
  console.error(`${name}: ${requests} requests profiled, ${(busy / requests).toFixed(1)} µs busy per request under the profiler`);
  return scaled;
}

/** Profiled time (µs) by stage: each sample goes to the innermost frame of its stack that belongs to a stage. */
function byStage(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const time = new Map();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    if (byId.get(id).callFrame.functionName === '(idle)') return;
    let stage = OTHER;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const where = whereFrom(byId.get(cur).callFrame.url);
      const hit = STAGES.find(([, re]) => re.test(where));
      if (hit) {
        stage = hit[0];
        break;
      }
    }
    time.set(stage, (time.get(stage) ?? 0) + dt);
  });
  return time;
}

/** `ours:<path under dist/>`, `nm:<path under node_modules/>`, or the URL as it is (node:…, empty). */
function whereFrom(url) {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) return `nm:${url.slice(nm + '/node_modules/'.length)}`;
  const dist = url.lastIndexOf('/dist/');
  return dist !== -1 ? `ours:${url.slice(dist + '/dist/'.length)}` : url;
}
