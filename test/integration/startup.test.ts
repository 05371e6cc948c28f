import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Startup behaviour of the real process: src/main.ts run by tsx in a child, every wait bounded. */
const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mi-gateway-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Array<Record<string, any>>;
}

/**
 * Starts main with `env` (over a clean environment: no NODE_ENV, TENANTS_FILE… from the caller). Resolves
 * when it exits, or, once `until` matches a stdout line, after sending SIGTERM. Bounded at 15 s.
 */
function runMain(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not finish in time:\n${stdout}\n${stderr}`));
    }, 15_000);
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, any>);
      resolve({ code, stdout, stderr, lines });
    });
  });
}

function tenantsFile(content: unknown): string {
  const path = join(dir, `tenants-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('startup (child process)', () => {
  it('NODE_ENV=production without TENANTS_FILE exits non-zero naming TENANTS_FILE, and serves nothing', async () => {
    const run = await runMain({ NODE_ENV: 'production' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/TENANTS_FILE is not set/);
    expect(run.stdout).not.toMatch(/listening|sandbox/);
  });

  it('reports every configuration problem of the environment and the tenants file in one start', async () => {
    const file = tenantsFile({
      tenants: [
        { id: 'a', apiKeys: ['sha256:abc'], accessKey: 'A', secretKey: 5 },
        { id: 'a', apiKeys: ['k'], accessKey: 'A', secretKeyEnv: 'A_SECRET' },
      ],
    });
    const run = await runMain({ TENANTS_FILE: file, PORT: 'x', A_SECRET: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PORT must be a number/);
    expect(run.stderr).toMatch(/not 64 hex digits/);
    expect(run.stderr).toMatch(/secretKey must be text/);
    expect(run.stderr).toMatch(/duplicate tenant id "a"/);
    expect(run.stderr).toMatch(/A_SECRET, which is empty/);
  });

  it('a port in use: one JSON log line with the fix, non-zero exit', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const run = await runMain({ PORT: String(port) });
      expect(run.code).toBe(1);
      const fatal = run.lines.filter((line) => line.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatchObject({ code: 'EADDRINUSE', port });
      expect(fatal[0]!.msg).toMatch(/already in use: stop the other process or set PORT/);
    } finally {
      blocker.close();
    }
  });

  it.each(['203.0.113.7', 'no-such-host.invalid'])('a HOST that is not this machine (%s): one JSON log line with the fix', async (host) => {
    const run = await runMain({ HOST: host });
    expect(run.code).toBe(1);
    const fatal = run.lines.filter((line) => line.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/set HOST to 0\.0\.0\.0/);
  });

  it('the sandbox: the startup line gives the bound address and the demo tenant; SIGTERM exits 0', async () => {
    const run = await runMain({}, /mi-gateway listening/);
    expect(run.code).toBe(0);
    const started = run.lines.find((line) => line.msg === 'mi-gateway listening');
    expect(started).toMatchObject({ sandbox: true, tenants: 1 });
    expect(started!.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(started!.address).not.toBe('127.0.0.1:0');
  });

  it('a secret with a trailing newline is used trimmed, with a warning naming tenant and field, not the value', async () => {
    const secret = 'startup-secret-never-logged';
    const file = tenantsFile({ tenants: [{ id: 'acme', apiKeys: ['startup-key'], accessKey: 'A', secretKeyEnv: 'ACME_SECRET' }] });
    const run = await runMain({ TENANTS_FILE: file, ACME_SECRET: `${secret}\n` }, /mi-gateway listening/);
    expect(run.code).toBe(0);
    const warning = run.lines.find((line) => line.level === 'warn' && /ACME_SECRET/.test(line.problem));
    expect(warning?.problem).toMatch(/^tenants\[0\] \(acme\): secret in ACME_SECRET \(secretKeyEnv\) has surrounding whitespace/);
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(run.stdout).not.toContain('startup-key');
  });
});
