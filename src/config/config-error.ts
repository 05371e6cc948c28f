/** A configuration problem found at startup; the message lists every problem with its fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

export function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A zod issue's path as a person reads it: `apiKeys[1]`, `rateLimit.perSeconds`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
}

/** What a JSON value is, in words, without quoting it (it may be a secret). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number with a fraction';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return `${value}`;
  return 'an object';
}

const EXPECTED: Record<string, string> = {
  string: 'text (a JSON string)',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
};

/**
 * One zod issue in words a person acts on: "secretKey must be text (a JSON string), not a whole number",
 * "accessKey is required". `value` is what the issue's path holds; it is described, never quoted.
 */
export function describeIssue(issue: { code: string; path: readonly PropertyKey[]; message: string; expected?: unknown }, value: unknown): string {
  const path = issuePath(issue.path);
  if (issue.code === 'invalid_type') {
    if (value === undefined) return `${path} is required`;
    const expected = EXPECTED[String(issue.expected)] ?? String(issue.expected);
    return `${path} must be ${expected}, not ${kindOf(value)}`;
  }
  const last = issue.path.at(-1);
  const named = issue.message.startsWith(path) || (typeof last === 'string' && issue.message.startsWith(last));
  return named || !path ? issue.message : `${path}: ${issue.message}`;
}
