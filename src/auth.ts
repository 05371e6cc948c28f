import { timingSafeEqual } from 'node:crypto';
import { digestApiKey, type Tenant } from './tenants.js';

export interface IncomingHeaders {
  authorization?: string | string[] | undefined;
  'x-api-key'?: string | string[] | undefined;
}

/**
 * Finds the tenant of a client API key. Keys are held only as SHA-256 digests; the lookup is by
 * digest and the final comparison is constant-time, so timing reveals nothing about stored keys.
 */
export function createAuthenticator(tenants: readonly Tenant[]): (headers: IncomingHeaders) => Tenant | null {
  const byDigest = new Map<string, Tenant>();
  for (const tenant of tenants) for (const digest of tenant.apiKeyDigests) byDigest.set(digest, tenant);
  return (headers) => {
    const key = readApiKey(headers);
    if (key === null) return null;
    const digest = digestApiKey(key);
    const tenant = byDigest.get(digest);
    if (!tenant) return null;
    const presented = Buffer.from(digest, 'hex');
    return tenant.apiKeyDigests.some((d) => timingSafeEqual(Buffer.from(d, 'hex'), presented)) ? tenant : null;
  };
}

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

/** Remembers the tenant per headers object (one per HTTP request), so two callers digest the key once. */
export function memoisePerRequest(authenticate: (headers: IncomingHeaders) => Tenant | null): (headers: IncomingHeaders) => Tenant | null {
  const seen = new WeakMap<IncomingHeaders, Tenant | null>();
  return (headers) => {
    const known = seen.get(headers);
    if (known !== undefined) return known;
    const tenant = authenticate(headers);
    seen.set(headers, tenant);
    return tenant;
  };
}
