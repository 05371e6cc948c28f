import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNode24 } from './lib/node24.mjs';
import { BENCH_DIR, runLoad } from './lib/procs.mjs';
import { startTarget, startUpstream } from './lib/stack.mjs';
import { REQUEST_BODY, REQUEST_HEADERS } from './lib/workload.mjs';

/**
 * `node bench/profile.mjs [gateway|baseline|mercurius]` (after `npm run build`): one target under
 * concurrency-64 load with --cpu-prof, on Node 24 when cached. Writes the .cpuprofile to
 * .bench-cache/profiles/ (open it in Chrome DevTools) and prints where the busy time went.
 */
const target = process.argv[2] ?? 'gateway';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const repo = join(BENCH_DIR, '..');
const dir = join(repo, '.bench-cache', 'profiles', `${target}-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const node = (process.env.BENCH_NODE24 === '0' ? null : findNode24(repo, console.error)) ?? process.execPath;
const upstream = await startUpstream(Number(process.env.UPSTREAM_LATENCY_MS ?? 0));
const server = await startTarget({ node, name: target, upstreamUrl: upstream.url, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
await runLoad({ url: server.url, connections: 64, seconds: 3, body: REQUEST_BODY, headers: REQUEST_HEADERS });
const result = await runLoad({ url: server.url, connections: 64, seconds, body: REQUEST_BODY, headers: REQUEST_HEADERS });
await server.stop(); // the profile is written on a clean exit (the target exits on SIGTERM)
await upstream.stop();
const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
console.log(`${target}: ${result.reqPerSec.toFixed(0)} req/s; profile ${join(dir, file)}`);
console.log(breakdown(JSON.parse(readFileSync(join(dir, file), 'utf8'))));

/** Busy time by the innermost frame that belongs to a known layer (start-up and warm-up included). */
function breakdown(profile) {
  const layers = [
    ['logging (pino, redaction, sonic-boom)', /pino|sonic-boom/],
    ['undici', /undici/],
    ['Apollo Server', /@apollo\/server/],
    ['fastify/mercurius', /fastify|mercurius|graphql-jit/],
    ['graphql-js', /node_modules\/graphql\//],
    ['gateway (dist/)', /\/dist\//],
    ['bench target code', /\/bench\//],
    ['node:http', /node:_http|node:http/],
  ];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const time = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    if (byId.get(id).callFrame.functionName === '(idle)') return;
    busy += dt;
    let layer = 'other (node internals, crypto, GC, microtasks)';
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const hit = layers.find(([, re]) => re.test(byId.get(cur).callFrame.url));
      if (hit) {
        layer = hit[0];
        break;
      }
    }
    time.set(layer, (time.get(layer) ?? 0) + dt);
  });
  return [...time]
    .sort((a, b) => b[1] - a[1])
    .map(([layer, t]) => `${((100 * t) / busy).toFixed(1).padStart(5)}%  ${layer}`)
    .join('\n');
}
