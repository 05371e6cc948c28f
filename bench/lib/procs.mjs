import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Process plumbing for the harness: start a bench process pinned to a core, wait (bounded) for the
 * URL it announces over IPC, run one load in a pinned child process.
 */
export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/**
 * The gateway runs as the image runs it: with the Dockerfile's NODE_OPTIONS (V8 flags of the product,
 * e.g. the young-generation cap), read from the Dockerfile itself so the two cannot drift apart.
 * The comparison servers keep Node's defaults.
 */
export function imageNodeOptions() {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const match = /^ENV NODE_OPTIONS="([^"]*)"/m.exec(dockerfile);
  return match ? match[1] : '';
}

function hasTaskset() {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Server on core 0, load generator and upstream on core 1, when the machine allows it. */
export const pinning = (() => {
  const cores = availableParallelism();
  if (cores < 2) return { enabled: false, cores, why: `only ${cores} core visible: nothing pinned, load and server share it` };
  if (!hasTaskset()) return { enabled: false, cores, why: 'taskset not found (Debian: util-linux): nothing pinned' };
  return { enabled: true, cores, why: 'servers on core 0, load generator and upstream on core 1 (taskset)' };
})();

function command(core, node, args) {
  return pinning.enabled ? ['taskset', ['-c', String(core), node, ...args]] : [node, args];
}

/** Starts `node script` (pinned to `core`); resolves with { pid, url, stop() } once it announced its URL. */
export function startProcess({ node, script, env = {}, core, stdoutPath = '/dev/null', nodeArgs = [] }) {
  const out = openSync(stdoutPath, 'a');
  const [file, args] = command(core, node, [...nodeArgs, script]);
  // taskset execs node in place, so the pid is node's own and /proc readings are the server's.
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, 'inherit', 'ipc'], cwd: BENCH_DIR });
  closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve({
        pid: child.pid,
        url: message.url,
        async stop() {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/** One autocannon run on the load core; resolves with the JSON that bench/lib/load.mjs prints. */
export function runLoad({ url, connections, seconds, body, headers }) {
  const [file, args] = command(1, process.execPath, [`${BENCH_DIR}lib/load.mjs`, JSON.stringify({ url, connections, seconds, body, headers })]);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && out.trim()) resolve(JSON.parse(out.trim().split('\n').pop()));
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}
