import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageNodeOptions, startProcess } from './procs.mjs';
import { ACCESS_KEY, API_KEY, EXPECTED_DATA, EXPECTED_UPSTREAM_BODY, REQUEST_BODY, REQUEST_HEADERS, SECRET_KEY } from './workload.mjs';

/**
 * BENCH_PREVIOUS_DIST (another build's dist/, e.g. a checkout of an earlier commit) adds the target
 * `previous`: that build with the same harness, measured in the same run as this one.
 */
export const TARGETS = ['baseline', 'mercurius', 'gateway', ...(process.env.BENCH_PREVIOUS_DIST ? ['previous'] : [])];

/** The fixture upstream on the load core (machine Node); `latencyMs` delays each answer. */
export function startUpstream(latencyMs = 0) {
  return startProcess({ node: process.execPath, script: 'upstream.mjs', env: { UPSTREAM_LATENCY_MS: String(latencyMs) }, core: 1 });
}

/**
 * One target on `node`, server core, configured as every tool measures it: the comparison servers get the
 * upstream URL; the gateway a tenants file pointing there, NODE_ENV=production, LOG_LEVEL=info and the image's
 * NODE_OPTIONS. `env` adds to (or overrides) that; `stdoutPath` receives the gateway's logs.
 */
export function startTarget({ node, name, upstreamUrl, env = {}, nodeArgs = [], stdoutPath = '/dev/null' }) {
  let base = { UPSTREAM_URL: upstreamUrl };
  if (name === 'gateway' || name === 'previous') {
    const tenantsFile = join(mkdtempSync(join(tmpdir(), 'mi-gateway-bench-')), 'tenants.json');
    writeFileSync(
      tenantsFile,
      JSON.stringify({ tenants: [{ id: 'bench', apiKeys: [API_KEY], accessKey: ACCESS_KEY, secretKey: SECRET_KEY, baseUrl: upstreamUrl }] }),
    );
    base = { TENANTS_FILE: tenantsFile, NODE_ENV: 'production', LOG_LEVEL: 'info', NODE_OPTIONS: imageNodeOptions() };
    if (name === 'previous') base.BENCH_GATEWAY_DIST = process.env.BENCH_PREVIOUS_DIST;
  }
  const script = name === 'previous' ? 'gateway' : name;
  return startProcess({ node, script: `targets/${script}.mjs`, env: { ...base, ...env }, core: 0, nodeArgs, stdoutPath });
}

/** The upstream (fixture, machine Node, load core) plus the three targets on `node`, server core. */
export async function startStack({ node, latencyMs, gatewayLog }) {
  const upstream = await startUpstream(latencyMs);
  const targets = {};
  try {
    for (const name of TARGETS) {
      targets[name] = await startTarget({
        node,
        name,
        upstreamUrl: upstream.url,
        ...(name === 'gateway' || name === 'previous' ? { stdoutPath: gatewayLog } : {}),
      });
      await checkAnswer(name, targets[name].url, upstream.url);
    }
  } catch (error) {
    await Promise.all([upstream, ...Object.values(targets)].map((p) => p.stop()));
    throw error;
  }
  return { upstream, targets, stop: () => Promise.all([upstream, ...Object.values(targets)].map((p) => p.stop())) };
}

/** Every target must give the same answer and send the same upstream body before it is measured. */
async function checkAnswer(name, url, upstreamUrl) {
  const res = await fetch(url, { method: 'POST', headers: REQUEST_HEADERS, body: REQUEST_BODY, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  const body = JSON.parse(text);
  if (res.status !== 200 || JSON.stringify(body.data) !== JSON.stringify(EXPECTED_DATA) || body.errors) {
    throw new Error(`${name} answered ${res.status} ${text}`);
  }
  const last = await (await fetch(`${upstreamUrl}/__last`, { signal: AbortSignal.timeout(10_000) })).json();
  if (
    !last.path.endsWith('/workspaces/bench-ws/projects/1001/assets/5002/index') ||
    JSON.stringify(JSON.parse(last.body)) !== JSON.stringify(EXPECTED_UPSTREAM_BODY)
  ) {
    throw new Error(`${name} sent upstream ${JSON.stringify(last)}`);
  }
}
