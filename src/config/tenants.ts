import { z } from 'zod';
import { ConfigError, describeIssue, isHttpUrl, kindOf, stripTrailingSlash } from './config-error.js';
import { isRecord } from '../common/is-record.js';
import { sha256Hex } from '../common/sha256-hex.js';

export interface RateLimit {
  requests: number;
  perSeconds: number;
}

export interface Tenant {
  id: string;
  /** SHA-256 digests (hex) of the client API keys; plain keys are never kept. */
  apiKeyDigests: readonly string[];
  accessKey: string;
  /** Non-enumerable so that logging or serialising a tenant never writes it. */
  readonly secretKey: string;
  baseUrl: string | null;
  rateLimit: RateLimit | null;
  live: LiveLimits;
}

/** Caps on one tenant's live subscriptions on one replica (each polled target costs vendor GETs). */
export interface LiveLimits {
  /** Open WebSocket connections at once. */
  maxSockets: number;
  /** Distinct assets followed at once (subscribing again to a followed asset is free). */
  maxTargets: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = Object.freeze({ maxSockets: 20, maxTargets: 50 });

const RateLimitSchema = z.object({
  requests: z.number().int().min(1, 'rateLimit.requests must be at least 1'),
  // Whole seconds: the window is a Redis key TTL in seconds, and Retry-After is whole seconds anyway.
  perSeconds: z.number().int('rateLimit.perSeconds must be a whole number of seconds').min(1, 'rateLimit.perSeconds must be at least 1'),
});

const LiveLimitsSchema = z.object({
  maxSockets: z.number().int('live.maxSockets must be a whole number').min(1, 'live.maxSockets must be at least 1').optional(),
  maxTargets: z.number().int('live.maxTargets must be a whole number').min(1, 'live.maxTargets must be at least 1').optional(),
});

const TenantSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'id must be 1 to 64 characters: letters, digits, ".", "_" or "-"'),
    // Keys and secrets are trimmed (loadTenants warns); one that is only whitespace is empty.
    apiKeys: z.array(z.string().trim().min(1, 'an API key is empty: give the client API key')).min(1, 'apiKeys must hold at least one key'),
    accessKey: z.string().trim().min(1, "accessKey is empty: give the tenant's NCP access key"),
    secretKey: z.string().trim().min(1, "secretKey is empty: give the tenant's NCP secret key").optional(),
    secretKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'secretKeyEnv must be an environment variable name')
      .optional(),
    baseUrl: z.string().refine(isHttpUrl, 'baseUrl must be an http(s) URL such as https://mi.apigw.ntruss.com').optional(),
    rateLimit: RateLimitSchema.optional(),
    live: LiveLimitsSchema.optional(),
  })
  .refine((t) => (t.secretKey === undefined) !== (t.secretKeyEnv === undefined), {
    message: 'give exactly one of secretKey or secretKeyEnv',
    // Also when other fields are wrong, so one run lists every problem of the tenant.
    when: (payload) => isRecord(payload.value),
  });

/** The fields a tenant may have; README's tenants-file table is checked against it. */
export const TENANT_FIELDS: readonly string[] = Object.keys(TenantSchema.shape);
const RATE_LIMIT_FIELDS: readonly string[] = Object.keys(RateLimitSchema.shape);
const LIVE_FIELDS: readonly string[] = Object.keys(LiveLimitsSchema.shape);

/**
 * Fields of the tenants file that nothing reads: most likely typos (a misspelt `rateLimit` leaves the
 * tenant unlimited). Reported at startup as warnings, not refused: a file may carry notes of its own.
 * Names only, never values.
 */
export function unreadTenantFields(file: unknown): string[] {
  if (!isRecord(file) || !Array.isArray(file.tenants)) return [];
  const unread = (label: string, record: Record<string, unknown>, known: readonly string[], prefix = '') =>
    Object.keys(record)
      .filter((key) => !known.includes(key))
      .map((key) => `${label}: field "${prefix}${key}" is not read${closest(key, known, prefix)}`);
  const warnings = unread('TENANTS_FILE', file, ['tenants']);
  file.tenants.forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const label = `tenants[${index}]${typeof raw.id === 'string' ? ` (${raw.id})` : ''}`;
    warnings.push(...unread(label, raw, TENANT_FIELDS));
    if (isRecord(raw.rateLimit)) warnings.push(...unread(label, raw.rateLimit, RATE_LIMIT_FIELDS, 'rateLimit.'));
    if (isRecord(raw.live)) warnings.push(...unread(label, raw.live, LIVE_FIELDS, 'live.'));
  });
  return warnings;
}

/** ` (did you mean "x"?)` for a known field within two edits (case aside), else nothing. */
function closest(key: string, known: readonly string[], prefix: string): string {
  const match = known.find((candidate) => editDistance(key.toLowerCase(), candidate.toLowerCase()) <= 2);
  return match === undefined ? '' : ` (did you mean "${prefix}${match}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Validates the parsed tenants file; every problem names the tenant and the fix, never a secret.
 * All problems of all tenants are reported in one run: the checks that do not need a valid tenant
 * (duplicate ids and keys, sha256 keys, the secret's variable) run even when its fields are wrong.
 * Keys and secrets are used trimmed; `warnings` gets one line per trimmed field (names only).
 */
export function loadTenants(file: unknown, env: Readonly<Record<string, string | undefined>>, warnings: string[] = []): Tenant[] {
  const problems: string[] = [];
  const list = tenantList(file, problems);
  const tenants: Tenant[] = [];
  const keyOwners = new Map<string, string>();
  const ids = new Set<string>();
  list.forEach((raw, index) => {
    const label = `tenants[${index}]${isRecord(raw) && typeof raw.id === 'string' ? ` (${raw.id})` : ''}`;
    const before = problems.length;
    const parsed = TenantSchema.safeParse(raw);
    // zod 4 leaves issue.input unset (reportInput would copy secrets into issues), so look the value up.
    if (!parsed.success) for (const issue of parsed.error.issues) problems.push(`${label}: ${describeIssue(issue, valueAt(raw, issue.path))}`);
    const r = isRecord(raw) ? raw : {};
    if (typeof r.id === 'string') {
      if (ids.has(r.id)) problems.push(`${label}: duplicate tenant id "${r.id}": give each tenant its own id`);
      ids.add(r.id);
    }
    const digests = keyDigests(r.apiKeys, label, keyOwners, problems, warnings);
    const secretKey = secretOf(r, env, label, problems, warnings);
    const accessKey = typeof r.accessKey === 'string' ? trimmed(r.accessKey, label, 'accessKey', warnings) : '';
    if (!parsed.success || problems.length > before || !secretKey) return;
    const t = parsed.data;
    tenants.push(
      createTenant({
        id: t.id,
        apiKeyDigests: digests,
        accessKey,
        secretKey,
        baseUrl: t.baseUrl ? stripTrailingSlash(t.baseUrl) : null,
        rateLimit: t.rateLimit ?? null,
        live: { maxSockets: t.live?.maxSockets ?? DEFAULT_LIVE_LIMITS.maxSockets, maxTargets: t.live?.maxTargets ?? DEFAULT_LIVE_LIMITS.maxTargets },
      }),
    );
  });
  if (problems.length) throw new ConfigError(problems);
  return tenants;
}

function tenantList(file: unknown, problems: string[]): unknown[] {
  const shape = 'TENANTS_FILE must hold a JSON object of the form {"tenants": [...]}';
  if (!isRecord(file)) problems.push(`${shape}, not ${kindOf(file)}${Array.isArray(file) ? ': wrap the list as {"tenants": [...]}' : ''}`);
  else if (file.tenants === undefined) problems.push(`${shape}; it has no "tenants" field`);
  else if (!Array.isArray(file.tenants)) problems.push(`${shape}; "tenants" is ${kindOf(file.tenants)}, not a list`);
  else if (file.tenants.length === 0) problems.push('TENANTS_FILE: "tenants" is empty: list at least one tenant');
  else return file.tenants;
  throw new ConfigError(problems);
}

/** A key or secret without surrounding whitespace; a warning names the tenant and field when some was cut. */
function trimmed(value: string, label: string, field: string, warnings: string[]): string {
  const cut = value.trim();
  if (cut !== value && cut !== '') warnings.push(`${label}: ${field} has surrounding whitespace (a trailing newline?); it is used trimmed`);
  return cut;
}

/** Digests of the tenant's keys (trimmed); claims each, so a duplicate in a later tenant is reported. */
function keyDigests(apiKeys: unknown, label: string, keyOwners: Map<string, string>, problems: string[], warnings: string[]): string[] {
  const digests: string[] = [];
  if (!Array.isArray(apiKeys)) return digests;
  apiKeys.forEach((raw, keyIndex) => {
    if (typeof raw !== 'string') return;
    const key = trimmed(raw, label, `apiKeys[${keyIndex}]`, warnings);
    if (!key) return;
    const digest = toKeyDigest(key);
    if (digest === null) {
      problems.push(
        `${label}: apiKeys[${keyIndex}] starts with "sha256:" but is not 64 hex digits: give sha256:<hex digest of the key> (printf %s KEY | sha256sum)`,
      );
      return;
    }
    const owner = keyOwners.get(digest);
    if (owner !== undefined) problems.push(`${label}: apiKeys[${keyIndex}] duplicates a key of ${owner}: every client API key must be unique`);
    else keyOwners.set(digest, label);
    digests.push(digest);
  });
  return digests;
}

/** The tenant's secret, from the file or its variable, trimmed; "not set" and "empty" are told apart. */
function secretOf(
  r: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  label: string,
  problems: string[],
  warnings: string[],
): string {
  if (typeof r.secretKey === 'string') {
    return trimmed(r.secretKey, label, 'secretKey', warnings);
  }
  const name = r.secretKeyEnv;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || r.secretKey !== undefined) return '';
  const value = env[name];
  if (value === undefined) problems.push(`${label}: secretKeyEnv names ${name}, which is not set: export it with the tenant's NCP secret key`);
  else if (value.trim() === '')
    problems.push(`${label}: secretKeyEnv names ${name}, which is empty${value ? ' (only whitespace)' : ''}: put the tenant's NCP secret key in it`);
  else return trimmed(value, label, `secret in ${name} (secretKeyEnv)`, warnings);
  return '';
}

export function createTenant(fields: Omit<Tenant, 'secretKey' | 'live'> & { secretKey: string; live?: LiveLimits }): Tenant {
  const { secretKey, live, ...rest } = fields;
  const tenant = { ...rest, live: { ...DEFAULT_LIVE_LIMITS, ...live } } as Tenant;
  Object.defineProperty(tenant, 'secretKey', { value: secretKey, enumerable: false });
  return Object.freeze(tenant);
}

export function digestApiKey(key: string): string {
  return sha256Hex(key);
}

function toKeyDigest(key: string): string | null {
  if (!key.startsWith('sha256:')) return digestApiKey(key);
  const hex = key.slice('sha256:'.length).toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (!isRecord(value)) return undefined;
    value = value[key as string];
  }
  return value;
}
