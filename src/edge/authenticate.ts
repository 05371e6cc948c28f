import { timingSafeEqual } from 'node:crypto';
import { digestApiKey, type Tenant } from '../config/tenants.js';

export interface IncomingHeaders {
  authorization?: string | string[] | undefined;
  'x-api-key'?: string | string[] | undefined;
}

/**
 * Finds the tenant of a client API key. Keys are held only as SHA-256 digests; the lookup is by
 * digest and the final comparison is constant-time, so timing reveals nothing about stored keys.
 */
export function createAuthenticator(tenants: readonly Tenant[], recentKeys = RECENT_KEYS): (headers: IncomingHeaders) => Tenant | null {
  const byDigest = new Map<string, Tenant>();
  for (const tenant of tenants) for (const digest of tenant.apiKeyDigests) byDigest.set(digest, tenant);
  // Keys that recently authenticated, so the SHA-256 and the comparison run once per key rather than
  // once per request. Holds at most `recentKeys` plain keys (only valid ones, so unknown keys cannot
  // fill it) in this process's memory, which receives them on every request anyway; the tenants are
  // fixed for the process's life, so an entry can never go stale.
  const recent = new Map<string, Tenant>();
  return (headers) => {
    const key = readApiKey(headers);
    if (key === null) return null;
    const known = recent.get(key);
    if (known) return known;
    const digest = digestApiKey(key);
    const tenant = byDigest.get(digest);
    if (!tenant) return null;
    const presented = Buffer.from(digest, 'hex');
    if (!tenant.apiKeyDigests.some((d) => timingSafeEqual(Buffer.from(d, 'hex'), presented))) return null;
    if (recent.size >= recentKeys) recent.delete(recent.keys().next().value!);
    recent.set(key, tenant);
    return tenant;
  };
}

const RECENT_KEYS = 256;

/** `Authorization: Bearer <key>` or `x-api-key: <key>` (CONTRACT.md, "Client authentication"). */
export function readApiKey(headers: IncomingHeaders): string | null {
  const authorization = first(headers.authorization);
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  const apiKey = first(headers['x-api-key'])?.trim();
  return apiKey ? apiKey : null;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
