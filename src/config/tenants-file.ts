import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';

/** Reads TENANTS_FILE as JSON; a problem is a ConfigError that names the file and never quotes its text. */
export function readTenantsFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([
      `TENANTS_FILE ${JSON.stringify(path)} cannot be read (${reason}): point TENANTS_FILE at a readable JSON file, or unset it to run the sandbox`,
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`TENANTS_FILE ${JSON.stringify(path)} is not valid JSON${jsonErrorPlace(text, error)}: fix the file's syntax`]);
  }
}

/**
 * Where JSON.parse failed, as "line L, column C". Never its message: V8 quotes the text around the
 * error ("…"secretKey": s3cr3t…"), which may be a secret.
 */
function jsonErrorPlace(text: string, error: unknown): string {
  const match = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (at line ${line}, column ${column})`;
}
