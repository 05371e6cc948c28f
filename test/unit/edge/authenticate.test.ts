import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/edge/authenticate.js';
import { createTenant, digestApiKey } from '../../../src/config/tenants.js';

const tenant = (id: string, ...keys: string[]) =>
  createTenant({ id, apiKeyDigests: keys.map(digestApiKey), accessKey: `${id}-access`, secretKey: `${id}-secret`, baseUrl: null, rateLimit: null });
const acme = tenant('acme', 'acme-key-1', 'acme-key-2');
const globex = tenant('globex', 'globex-key-1');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API key authentication with the recent-keys cache', () => {
  it('answers the right tenant for every key, also once the cache is full and evicts', () => {
    const authenticate = createAuthenticator([acme, globex], 1);
    for (let round = 0; round < 3; round++) {
      expect(authenticate(bearer('acme-key-1'))?.id).toBe('acme');
      expect(authenticate(bearer('globex-key-1'))?.id).toBe('globex');
      expect(authenticate({ 'x-api-key': 'acme-key-2' })?.id).toBe('acme');
    }
  });

  it('never lets an unknown key through, before or after valid keys were cached', () => {
    const authenticate = createAuthenticator([acme, globex], 2);
    expect(authenticate(bearer('acme-key-1x'))).toBeNull();
    expect(authenticate(bearer('acme-key-1'))?.id).toBe('acme');
    expect(authenticate(bearer('acme-key-1x'))).toBeNull();
    expect(authenticate(bearer('ACME-KEY-1'))).toBeNull();
    expect(authenticate({})).toBeNull();
    expect(authenticate({ authorization: 'Basic acme-key-1' })).toBeNull();
  });
});
