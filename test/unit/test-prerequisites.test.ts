import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * scripts/test-prerequisites.sh (npm test's "pretest") on a machine arranged by PATH: only stubs are found,
 * so redis-server and chromium look missing unless stubbed, and apt-get, sudo and id are stubs that record
 * their calls. Nothing is installed on the real machine.
 */
const SCRIPT = new URL('../../scripts/test-prerequisites.sh', import.meta.url).pathname;
const BASH = '/bin/bash';
let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function machine(options: { uid: number; sudo?: 'none' | 'password' | 'passwordless'; have?: string[]; aptGet?: boolean }) {
  dir = mkdtempSync(join(tmpdir(), 'mi-gateway-prereq-'));
  const calls = join(dir, 'calls.log');
  writeFileSync(calls, '');
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!${BASH}\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub('id', `echo ${options.uid}`);
  if (options.aptGet !== false) stub('apt-get', `echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> ${calls}`);
  if (options.sudo && options.sudo !== 'none') {
    stub(
      'sudo',
      `[ "$1" = -n ] && shift; [ "$1" = true ] && exit ${options.sudo === 'passwordless' ? 0 : 1}; while [[ "$1" == *=* ]]; do export "$1"; shift; done; echo "sudo $*" >> ${calls}; "$@"`,
    );
  }
  for (const name of options.have ?? []) stub(name, 'exit 0');
  const run = spawnSync(BASH, [SCRIPT], { env: { PATH: dir }, encoding: 'utf8', timeout: 10_000 });
  return { status: run.status, stderr: run.stderr, calls: readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) };
}

describe('npm test prerequisites (redis-server, chromium)', () => {
  it('is the pretest script of npm test', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.pretest).toBe('bash scripts/test-prerequisites.sh');
    expect(pkg.scripts.test).toBe('vitest run');
  });

  it('does nothing when both are there', () => {
    const run = machine({ uid: 1000, have: ['redis-server', 'chromium'] });
    expect(run).toMatchObject({ status: 0, calls: [] });
  });

  it('as root, installs what is missing with apt-get', () => {
    const run = machine({ uid: 0, have: ['chromium'] });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'apt-get update -qq (DEBIAN_FRONTEND=noninteractive)',
      'apt-get install -y --no-install-recommends redis-server (DEBIAN_FRONTEND=noninteractive)',
    ]);
  });

  it('with passwordless sudo, installs both through sudo', () => {
    const run = machine({ uid: 1000, sudo: 'passwordless' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'sudo apt-get update -qq',
      'apt-get update -qq (DEBIAN_FRONTEND=noninteractive)',
      'sudo apt-get install -y --no-install-recommends redis-server chromium',
      'apt-get install -y --no-install-recommends redis-server chromium (DEBIAN_FRONTEND=noninteractive)',
      'sudo service redis-server stop',
    ]);
  });

  it.each(['none', 'password'] as const)('without root or passwordless sudo (sudo: %s), stops at once with one line giving the command', (sudo) => {
    const run = machine({ uid: 1000, sudo, have: ['redis-server'] });
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([]);
    expect(run.stderr.trim().split('\n')).toEqual([
      'npm test needs chromium (Debian packages): run  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium',
    ]);
  });
});
