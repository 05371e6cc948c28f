import type { Redis } from '../redis.js';
import type { IdempotencyRecord, IdempotencyStore } from './store.js';

// Compare-and-set / compare-and-delete on the exact claim string, so a replica whose claim expired
// (and was taken over) can never overwrite or drop the newer claim.
const COMPLETE = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end return 0`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end return 0`;

/** Records shared by every replica: SET NX PX for the in-flight claim, then the answer under the same key. */
export function createRedisIdempotencyStore(redis: Redis, keyPrefix = 'mi-gateway:idem'): IdempotencyStore {
  const k = (key: string) => `${keyPrefix}:${key}`;
  const claimString = (key: string, token: string) => claims.get(`${key}\n${token}`);
  // The exact JSON written for each of this process's open claims (needed for the compare steps).
  const claims = new Map<string, string>();
  return {
    async claim(key, running, ttlMs) {
      const text = JSON.stringify(running);
      // Bounded: a key that vanishes between SET NX and GET (expired or released) is tried again a few times.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        if ((await redis.set(k(key), text, 'PX', ttlMs, 'NX')) === 'OK') {
          claims.set(`${key}\n${running.token}`, text);
          return null;
        }
        const existing = await redis.get(k(key));
        if (existing !== null) return JSON.parse(existing) as IdempotencyRecord;
      }
      throw new Error('idempotency claim kept vanishing; Redis is flapping');
    },
    async complete(key, token, done, ttlMs) {
      const text = claimString(key, token);
      claims.delete(`${key}\n${token}`);
      if (text !== undefined) await redis.eval(COMPLETE, 1, k(key), text, JSON.stringify(done), String(ttlMs));
    },
    async renew(key, token, ttlMs) {
      const text = claimString(key, token);
      if (text !== undefined) await redis.eval(RENEW, 1, k(key), text, String(ttlMs));
    },
    async release(key, token) {
      const text = claimString(key, token);
      claims.delete(`${key}\n${token}`);
      if (text !== undefined) await redis.eval(RELEASE, 1, k(key), text);
    },
  };
}
