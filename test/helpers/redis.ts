import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  /** SIGKILL (an outage: connections reset, nothing persisted unless `appendOnly`). */
  kill(): Promise<void>;
  /** Starts redis-server again on the same port and directory (after kill or stop). */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open, nothing answers (like a partition without a reset). */
  freeze(): void;
  /** SIGCONT after freeze. */
  thaw(): void;
}

export interface RedisOptions {
  /** appendonly yes, appendfsync always: a restart keeps every record (with its expiry). */
  appendOnly?: boolean;
}

/** Starts Debian's redis-server on a free loopback port (no persistence by default); waits (bounded) until it answers PING. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mi-gateway-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const persistence = options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ChildProcess = await launch(port, dir, url, persistence);
  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const end = (signal: NodeJS.Signals) => {
    const current = child;
    return new Promise<void>((resolve) => {
      if (exited(current)) return resolve();
      current.kill('SIGCONT');
      current.once('exit', () => resolve());
      current.kill(signal);
      const force = setTimeout(() => current.kill('SIGKILL'), 3_000);
      force.unref();
      current.once('exit', () => clearTimeout(force));
    });
  };
  return {
    url,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGKILL');
      child = await launch(port, dir, url, persistence);
    },
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
  };
}

async function launch(port: number, dir: string, url: string, persistence: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {}); // refused while redis-server starts: expected, retried below
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return child;
    } catch {
      client.disconnect();
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port} (is the redis-server package installed?)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
