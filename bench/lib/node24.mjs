import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Node 24 from the npm registry's `node@24` package, installed once into .bench-cache/ (gitignored).
 * Returns the path of the real binary, or null (with the reason printed) when it cannot be had.
 */
export function findNode24(repoDir, log) {
  const cache = join(repoDir, '.bench-cache');
  const bin = join(cache, 'node_modules', '.bin', 'node');
  if (!existsSync(bin)) {
    log('installing node@24 into .bench-cache/ (npm registry, once)...');
    try {
      execFileSync('npm', ['install', '--prefix', cache, 'node@24', '--no-audit', '--no-fund', '--no-save'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 300_000,
      });
    } catch (error) {
      const lines = String(error.stderr ?? error.message)
        .trim()
        .split('\n');
      log(`Node 24 skipped: npm install node@24 failed (${lines.find((l) => /error (code|network|\d{3})/i.test(l)) ?? lines[0]})`);
      return null;
    }
  }
  try {
    const real = realpathSync(bin);
    const version = execFileSync(real, ['--version'], { encoding: 'utf8' }).trim();
    if (!version.startsWith('v24.')) {
      log(`Node 24 skipped: .bench-cache holds ${version}`);
      return null;
    }
    return real;
  } catch (error) {
    log(`Node 24 skipped: the installed binary does not run (${error.message})`);
    return null;
  }
}
