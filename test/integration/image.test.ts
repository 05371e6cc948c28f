import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';

/** The image's details that no Docker engine is needed to check (scripts/smoke-image.sh runs its runtime stage). */
const root = new URL('../../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
const dockerignore = readFileSync(new URL('.dockerignore', root), 'utf8')
  .split('\n')
  .map((line) => line.trim());
const HEALTHCHECK = new URL('scripts/healthcheck.mjs', root).pathname;

function healthcheck(env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, [HEALTHCHECK], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 }, (error) =>
      resolve(error ? ((error as { code?: number }).code ?? 1) : 0),
    );
  });
}

describe('the image', () => {
  it('pins a Node 24 minor in every stage', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:24\.\d+(\.\d+)?-bookworm-slim$/);
  });

  it('leaves local caches and reports out of the build context', () => {
    for (const entry of ['node_modules', '.git', '.bench-cache', 'coverage']) expect(dockerignore).toContain(entry);
  });

  it('installs production dependencies without dev tools or their optional peers', () => {
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev --omit=optional /m);
    const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }>;
    };
    const installed = Object.entries(lock.packages)
      .filter(([path, p]) => path && !p.dev && !p.optional && !p.devOptional)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    for (const devOnly of ['@fastify/websocket', 'fastify', 'mercurius', 'vitest', 'graphql-http']) expect(installed).not.toContain(devOnly);
    expect(installed).toContain('graphql-ws');
  });

  it('runs scripts/healthcheck.mjs as its HEALTHCHECK', () => {
    expect(dockerfile).toMatch(/^COPY scripts\/healthcheck\.mjs /m);
    expect(dockerfile).toMatch(/CMD \["node", "scripts\/healthcheck\.mjs"\]/);
  });

  it('healthcheck passes for a gateway bound to one specific address, and fails where nothing listens', async () => {
    const stack = await startStack({ env: { HOST: '127.0.0.2' } });
    try {
      const port = new URL(stack.gateway.url).port;
      expect(await healthcheck({ HOST: '127.0.0.2', PORT: port })).toBe(0);
      // The former check always asked 127.0.0.1, where this gateway does not listen.
      expect(await healthcheck({ HOST: '127.0.0.1', PORT: port })).toBe(1);
    } finally {
      await stack.close();
    }
    const wildcard = await startStack({ env: { HOST: '0.0.0.0' } });
    try {
      expect(await healthcheck({ HOST: '0.0.0.0', PORT: new URL(wildcard.gateway.url).port })).toBe(0);
    } finally {
      await wildcard.close();
    }
  });
});
