import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface Child {
  process: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** `src/main.ts` as its own process (the way the image runs dist/main.js), with only the given environment. */
export function startMain(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, output, exited };
}

export function listeningUrl(child: Child): string | null {
  for (const line of child.output.join('').split('\n')) {
    if (!line.includes('mi-gateway listening')) continue;
    return (JSON.parse(line) as { url: string }).url;
  }
  return null;
}
