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
});
