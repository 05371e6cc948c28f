import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { RedisProgress } from '../../src/live/redis-poller.js';
import type { ProgressEvent } from '../../src/live/live-progress.js';
import { toAnalysisStatus } from '../../src/resolvers/mapping/to-analysis-status.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

/**
 * A replica whose SUBSCRIBE fails once (Redis briefly unavailable) must subscribe again on a later tick:
 * otherwise it polls and publishes as the lock owner but never hears its own publishes, and the stream
 * stays silent while upstream calls go on.
 */
describe('live progress in Redis mode after a failed SUBSCRIBE', () => {
  let server: RedisServer;
  let progress: RedisProgress;
  beforeAll(async () => {
    server = await startRedis();
    const redis = new Redis(server.url);
    const subscriber = new Redis(server.url);
    const subscribe = subscriber.subscribe.bind(subscriber) as (channel: string) => Promise<unknown>;
    let refused = false;
    (subscriber as unknown as { subscribe: (channel: string) => Promise<unknown> }).subscribe = (channel: string) => {
      if (refused) return subscribe(channel);
      refused = true;
      return Promise.reject(new Error('Redis refused SUBSCRIBE'));
    };
    progress = new RedisProgress({ intervalMs: 50, log: createLogger('silent'), redis, subscriber });
  });
  afterAll(async () => {
    await progress.close();
    await server.stop();
  });

  it('subscribes again and delivers the state', async () => {
    let polls = 0;
    const stream = progress.follow({
      key: 'tenant\n/api/v1/workspaces/w/projects/1/assets/2/analyze-status',
      poll: async () => {
        polls += 1;
        return toAnalysisStatus({ status: 'ANALYZE_COMPLETED', indexId: 9 });
      },
    });
    const first = await Promise.race([
      stream.next().then((r) => r.value as ProgressEvent),
      new Promise<'silent'>((resolve) => setTimeout(resolve, 3_000, 'silent')),
    ]);
    expect(first).not.toBe('silent');
    expect(first).toMatchObject({ kind: 'status', status: { status: 'ANALYZE_COMPLETED', indexId: '9' } });
    expect(polls).toBeGreaterThan(0);
    await stream.return?.();
  });
});
