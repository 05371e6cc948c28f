import { z } from 'zod';
import { ConfigError, isHttpUrl, stripTrailingSlash } from './config-error.js';
import { isRecord } from './is-record.js';
import { sha256Hex } from './sha256-hex.js';

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
}

const RateLimitSchema = z.object({
  requests: z.number().int().min(1, 'rateLimit.requests must be at least 1'),
  // Whole seconds: the window is a Redis key TTL in seconds, and Retry-After is whole seconds anyway.
  perSeconds: z.number().int('rateLimit.perSeconds must be a whole number of seconds').min(1, 'rateLimit.perSeconds must be at least 1'),
});

const TenantSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'id must be 1 to 64 characters: letters, digits, ".", "_" or "-"'),
    apiKeys: z.array(z.string().min(1, 'an API key must not be empty'), { error: 'apiKeys must be a list of strings' }).min(1, 'apiKeys must hold at least one key'),
    accessKey: z.string({ error: 'accessKey is required' }).min(1, 'accessKey must not be empty'),
    secretKey: z.string().min(1, 'secretKey must not be empty').optional(),
    secretKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'secretKeyEnv must be an environment variable name').optional(),
    baseUrl: z.string().refine(isHttpUrl, 'baseUrl must be an http(s) URL such as https://mi.apigw.ntruss.com').optional(),
    rateLimit: RateLimitSchema.optional(),
  })
  .refine((t) => (t.secretKey === undefined) !== (t.secretKeyEnv === undefined), {
    message: 'give exactly one of secretKey or secretKeyEnv',
    // Also when other fields are wrong, so one run lists every problem of the tenant.
    when: (payload) => isRecord(payload.value),
  });

const FileSchema = z.object({ tenants: z.array(z.unknown(), { error: 'the file must hold {"tenants": [...]}' }).min(1, 'tenants must list at least one tenant') });

/** The fields a tenant may have; README's tenants-file table is checked against it. */
export const TENANT_FIELDS: readonly string[] = Object.keys(TenantSchema.shape);
const RATE_LIMIT_FIELDS: readonly string[] = Object.keys(RateLimitSchema.shape);

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

/** Validates the parsed tenants file; every problem names the tenant and the fix, never a secret. */
export function loadTenants(file: unknown, env: Readonly<Record<string, string | undefined>>): Tenant[] {
  const top = FileSchema.safeParse(file);
  if (!top.success) throw new ConfigError(top.error.issues.map((i) => `TENANTS_FILE: ${i.message}`));
  const problems: string[] = [];
  const tenants: Tenant[] = [];
  const keyOwners = new Map<string, string>();
  const ids = new Set<string>();
  top.data.tenants.forEach((raw, index) => {
    const parsed = TenantSchema.safeParse(raw);
    const label = `tenants[${index}]${isRecord(raw) && typeof raw.id === 'string' ? ` (${raw.id})` : ''}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        // zod 4 leaves issue.input unset (reportInput would copy secrets into issues), so look the value up.
        const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
        problems.push(`${label}: ${where}${missing ? `${issue.path.join('.')} is required` : issue.code === 'invalid_type' ? `expected ${issue.expected}, got another type` : issue.message}`);
      }
      // Still claim its keys, so a duplicate in a later tenant is reported in the same run.
      const rawKeys = isRecord(raw) && Array.isArray(raw.apiKeys) ? raw.apiKeys : [];
      for (const key of rawKeys) {
        const digest = typeof key === 'string' && key ? toKeyDigest(key) : null;
        if (digest !== null && !keyOwners.has(digest)) keyOwners.set(digest, label);
      }
      return;
    }
    const t = parsed.data;
    if (ids.has(t.id)) problems.push(`${label}: duplicate tenant id "${t.id}": give each tenant its own id`);
    ids.add(t.id);
    let secretKey = t.secretKey;
    if (t.secretKeyEnv !== undefined) {
      secretKey = env[t.secretKeyEnv];
      if (!secretKey) problems.push(`${label}: secretKeyEnv names ${t.secretKeyEnv}, which is not set: export it with the tenant's NCP secret key`);
    }
    const digests: string[] = [];
    t.apiKeys.forEach((key, keyIndex) => {
      const digest = toKeyDigest(key);
      if (digest === null) {
        problems.push(`${label}: apiKeys[${keyIndex}] starts with "sha256:" but is not 64 hex digits: give sha256:<hex digest of the key>`);
        return;
      }
      const owner = keyOwners.get(digest);
      if (owner !== undefined) problems.push(`${label}: apiKeys[${keyIndex}] duplicates a key of ${owner}: every client API key must be unique`);
      keyOwners.set(digest, label);
      digests.push(digest);
    });
    if (secretKey) tenants.push(createTenant({ id: t.id, apiKeyDigests: digests, accessKey: t.accessKey, secretKey, baseUrl: t.baseUrl ? stripTrailingSlash(t.baseUrl) : null, rateLimit: t.rateLimit ?? null }));
  });
  if (problems.length) throw new ConfigError(problems);
  return tenants;
}

export function createTenant(fields: Omit<Tenant, 'secretKey'> & { secretKey: string }): Tenant {
  const { secretKey, ...rest } = fields;
  const tenant = { ...rest } as Tenant;
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

