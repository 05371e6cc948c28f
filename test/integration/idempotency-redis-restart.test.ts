import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisIdempotencyStore, RESTART_RECOVERY_SECONDS } from '../../src/edge/idempotency/redis-store.js';
import { createRedis, type Redis } from '../../src/common/redis.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

const running = (token: string) => ({ state: 'running' as const, fingerprint: 'f', token });
const ready = (client: Redis) => new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));

/** After Redis restarts empty, a replica that knew it claims no missing key until holders had time to re-store theirs. */
describe('Redis idempotency store across a Redis restart', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  const client = () => {
    const c = createRedis(redis.url, 'test', 1_000);
    c.on('error', () => {});
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis?.stop();
  });

  it('refuses to claim a missing key while Redis recovers, re-stores the holder claim on reconnect, and serves a fresh replica at once', async () => {
    const holderClient = client();
    const otherClient = client();
    await Promise.all([ready(holderClient), ready(otherClient)]);
    const holder = createRedisIdempotencyStore(holderClient);
    const other = createRedisIdempotencyStore(otherClient);
    expect(await holder.claim('t:held', running('a'), 60_000)).toBeNull();
    expect(await other.claim('t:warm', running('w'), 60_000)).toBeNull(); // this replica knows the first Redis

    await redis.restart(); // empty: the claims are gone
    await Promise.all([new Promise((resolve) => otherClient.once('ready', resolve)), new Promise((resolve) => holderClient.once('ready', resolve))]);
    await expect(other.claim('t:held', running('b'), 60_000)).rejects.toThrow(/restarted/);
    await expect(other.claim('t:new', running('c'), 60_000)).rejects.toThrow(/restarted/);
    // The holder re-stores its claim (what held-claims.ts does on reconnect); the other replica then sees it.
    expect(await holder.renew('t:held', running('a'), 60_000)).toBe(true);
    expect(await other.claim('t:held', running('b'), 60_000)).toMatchObject({ state: 'running', token: 'a' });
    // A replica that never saw the previous Redis is not held up.
    const freshClient = client();
    await ready(freshClient);
    expect(await createRedisIdempotencyStore(freshClient).claim('t:fresh', running('d'), 60_000)).toBeNull();
    // Once Redis has been up for the recovery time, missing keys are claimed again.
    await new Promise((resolve) => setTimeout(resolve, RESTART_RECOVERY_SECONDS * 1_000 + 100));
    expect(await other.claim('t:new', running('c'), 60_000)).toBeNull();
  }, 20_000);
  it('finds a claim whose lease lapsed orphaned, renews it back, and never orphans a claim of the previous version (no lease)', async () => {
    const c = client();
    await ready(c);
    const store = createRedisIdempotencyStore(c, 'orphan-test');
    expect(await store.claim('t:k', running('a'), 200)).toBeNull();
    expect(await store.claim('t:k', running('b'), 200)).toMatchObject({ state: 'running', token: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.claim('t:k', running('b'), 200)).toEqual({ state: 'orphaned', fingerprint: 'f' });
    // The claim outlives its lease (kept 24 h), and its holder can take it back.
    expect(await c.pttl('orphan-test:t:k')).toBeGreaterThan(86_000_000);
    expect(await store.renew('t:k', running('a'), 200)).toBe(true);
    expect(await store.claim('t:k', running('b'), 200)).toMatchObject({ state: 'running', token: 'a' });
    // A replica of the previous version wrote claims without a lease: their own lifetime was the lease.
    await c.set('orphan-test:t:old', JSON.stringify(running('o')), 'PX', 60_000);
    expect(await store.claim('t:old', running('b'), 200)).toMatchObject({ state: 'running', token: 'o' });
    // Releasing drops claim and lease: the key is free at once.
    await store.release('t:k', running('a'));
    expect(await c.exists('orphan-test:t:k', 'orphan-test-lease:t:k')).toBe(0);
    expect(await store.claim('t:k', running('c'), 200)).toBeNull();
  }, 20_000);
  it('takes no claim reloaded from disk whose lease lapsed while Redis was down as orphaned until its holder could renew it', async () => {
    const persistent = await startRedis({ appendOnly: true });
    try {
      const make = () => {
        const c = createRedis(persistent.url, 'test', 1_000);
        c.on('error', () => {});
        clients.push(c);
        return c;
      };
      const [holderClient, otherClient] = [make(), make()];
      await Promise.all([ready(holderClient), ready(otherClient)]);
      const holder = createRedisIdempotencyStore(holderClient, 'reload');
      const other = createRedisIdempotencyStore(otherClient, 'reload');
      expect(await holder.claim('t:k', running('a'), 500)).toBeNull();
      await persistent.kill();
      await new Promise((resolve) => setTimeout(resolve, 800)); // longer than the lease
      await persistent.restart(); // from its append-only file: the claim is back, its lease expired
      await Promise.all([ready(holderClient), ready(otherClient)]);
      await expect(other.claim('t:k', running('b'), 500)).rejects.toThrow(/restarted/);
      // The holder renews on reconnect (held-claims.ts); the claim is its own again, not orphaned.
      expect(await holder.renew('t:k', running('a'), 60_000)).toBe(true);
      expect(await other.claim('t:k', running('b'), 500)).toMatchObject({ state: 'running', token: 'a' });
    } finally {
      await persistent.stop();
    }
  }, 20_000);
});
