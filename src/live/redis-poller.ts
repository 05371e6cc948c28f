import { randomUUID } from 'node:crypto';
import { type ErrorCode, GatewayError, type UpstreamInfo } from '../common/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Redis } from '../common/redis.js';
import { sha256Hex } from '../common/sha256-hex.js';
import { createEndedQueue, createEventQueue, type EventQueue } from './event-queue.js';
import { startPollLoop, type PollLoop } from './poll-loop.js';
import { isFinalEvent, stateKey, type LiveProgress, type PollTarget, type ProgressEvent } from './live-progress.js';

/** Compare-and-renew / compare-and-delete: only the owner may extend or drop its lock. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

type WireEvent =
  | { kind: 'status'; status: Extract<ProgressEvent, { kind: 'status' }>['status'] }
  | { kind: 'error'; error: { message: string; code: ErrorCode; upstream?: UpstreamInfo; retryAfterSeconds?: number } };

interface Entry {
  channel: string;
  lockKey: string;
  lastKey: string;
  target: PollTarget;
  subscribers: Set<EventQueue<ProgressEvent>>;
  last: ProgressEvent | null;
  lastStateKey: string | null;
  /** Set while this replica owns the lock and polls. */
  loop: PollLoop | null;
  ticker: NodeJS.Timeout | undefined;
  done: boolean;
  /** Whether the pub/sub subscription is in place; retried each interval until it is. */
  listening: boolean;
}

export interface RedisProgressOptions {
  intervalMs: number;
  log: Logger;
  /** Commands (lock, last state, publish). */
  redis: Redis;
  /** A connection in subscriber mode can run nothing else, so it is its own client. */
  subscriber: Redis;
}

/**
 * Live progress shared by replicas: per tenant and asset, the replica holding a Redis lock (SET NX PX,
 * renewed by its owner) polls and publishes every read on a channel; every replica with subscribers
 * listens there and delivers changes to its own clients. Followers try to take the lock once per
 * interval, so when the owner leaves or dies (its lock expires) one of them polls next.
 */
export class RedisProgress implements LiveProgress {
  private readonly entries = new Map<string, Entry>();
  private readonly byChannel = new Map<string, Entry>();
  private readonly instanceId = randomUUID();
  private readonly lockTtlMs: number;
  private closed = false;

  constructor(private readonly options: RedisProgressOptions) {
    this.lockTtlMs = Math.max(5 * options.intervalMs, 3_000);
    options.subscriber.on('message', (channel: string, message: string) => {
      const entry = this.byChannel.get(channel);
      if (entry) this.deliver(entry, fromWire(message));
    });
  }

  follow(target: PollTarget): AsyncIterableIterator<ProgressEvent> {
    if (this.closed) return createEndedQueue<ProgressEvent>();
    const entry = this.entries.get(target.key) ?? this.open(target);
    const queue = createEventQueue<ProgressEvent>(() => this.leave(entry, queue));
    entry.subscribers.add(queue);
    if (entry.last) queue.push(entry.last);
    return queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries.values()].map((entry) => this.finish(entry)));
    await Promise.all([quitWithin(this.options.redis), quitWithin(this.options.subscriber)]);
  }

  private open(target: PollTarget): Entry {
    const id = sha256Hex(target.key).slice(0, 32);
    const channel = `mi-gateway:progress:${id}`;
    const entry: Entry = {
      channel,
      lockKey: `${channel}:lock`,
      lastKey: `${channel}:last`,
      target,
      subscribers: new Set(),
      last: null,
      lastStateKey: null,
      loop: null,
      ticker: undefined,
      done: false,
      listening: false,
    };
    this.entries.set(target.key, entry);
    this.byChannel.set(channel, entry);
    void this.setUp(entry);
    return entry;
  }

  /** Listen first, then read the last state, so no publish falls between the two. */
  private async setUp(entry: Entry): Promise<void> {
    const { intervalMs } = this.options;
    await this.listen(entry);
    if (entry.done) return;
    entry.ticker = setInterval(() => void this.tick(entry), intervalMs);
    entry.ticker.unref();
    await this.tick(entry);
  }

  /** Subscribes to the entry's channel and reads the last state; on failure the next tick tries again. */
  private async listen(entry: Entry): Promise<void> {
    const { redis, subscriber, log } = this.options;
    try {
      await subscriber.subscribe(entry.channel);
      entry.listening = true;
      const last = await redis.get(entry.lastKey);
      if (last !== null && entry.last === null && !entry.done) this.deliver(entry, fromWire(last));
    } catch (error) {
      log.warn({ err: error }, 'live progress: Redis unavailable; retrying each interval');
    }
  }

  /** The owner renews its lock; a follower tries to take it (the owner left, or died and its lock expired). */
  private async tick(entry: Entry): Promise<void> {
    const { redis, log } = this.options;
    // Without the subscription this replica would poll (when it owns the lock) yet never hear its own publishes.
    if (!entry.listening && !entry.done) await this.listen(entry);
    try {
      if (entry.loop) {
        const renewed = await redis.eval(RENEW, 1, entry.lockKey, this.instanceId, String(this.lockTtlMs));
        if (renewed === 0 && entry.loop) {
          entry.loop.stop();
          entry.loop = null;
        }
      } else if (!entry.done) {
        const taken = await redis.set(entry.lockKey, this.instanceId, 'PX', this.lockTtlMs, 'NX');
        if (taken === 'OK') {
          if (entry.done) await redis.eval(RELEASE, 1, entry.lockKey, this.instanceId);
          else this.own(entry);
        }
      }
    } catch (error) {
      log.warn({ err: error }, 'live progress: lock check failed');
      // Redis unreachable: poll on this replica alone (as the rate limit counts alone) rather than leave the
      // stream silent until Redis is back. Once it is, the renewal finds no lock and normal sharing resumes.
      if (!entry.done) this.own(entry);
    }
  }

  private own(entry: Entry): void {
    // Idempotent: a lock taken by a SET answered late, after a failed check already started local polling,
    // must not start a second loop that nothing would stop.
    if (entry.loop) return;
    const publish = (event: ProgressEvent) => void this.publish(entry, event);
    entry.loop = startPollLoop({
      intervalMs: this.options.intervalMs,
      poll: (signal) => entry.target.poll(signal),
      ...(entry.target.backoffWhile ? { backoffWhile: entry.target.backoffWhile } : {}),
      log: this.options.log,
      logFields: entry.target.logFields,
      onStatus: (status) => publish({ kind: 'status', status }),
      onError: (error) => publish({ kind: 'error', error }),
    });
  }

  private async publish(entry: Entry, event: ProgressEvent): Promise<void> {
    const { redis, log } = this.options;
    const wire = toWire(event);
    try {
      if (isFinalEvent(event)) {
        entry.loop?.stop();
        entry.loop = null;
        // The final event is not kept: a later subscription reads the vendor anew (a re-analysis may start).
        await redis.multi().del(entry.lastKey).publish(entry.channel, wire).eval(RELEASE, 1, entry.lockKey, this.instanceId).exec();
      } else if (event.kind === 'status') {
        await redis.multi().set(entry.lastKey, wire, 'PX', this.lockTtlMs).publish(entry.channel, wire).exec();
      } else {
        await redis.publish(entry.channel, wire);
      }
    } catch (error) {
      log.warn({ err: error }, 'live progress: publish failed');
      // This replica's own subscribers still get the read (deliver drops a state they already have).
      this.deliver(entry, event);
    }
  }

  private deliver(entry: Entry, event: ProgressEvent | null): void {
    if (!event || entry.done) return;
    if (event.kind === 'status') {
      const key = stateKey(event.status);
      if (key === entry.lastStateKey) return;
      entry.lastStateKey = key;
      entry.last = event;
    } else {
      entry.lastStateKey = null;
      entry.last = null;
    }
    for (const queue of entry.subscribers) queue.push(event);
    if (isFinalEvent(event)) void this.finish(entry);
  }

  private leave(entry: Entry, queue: EventQueue<ProgressEvent>): void {
    entry.subscribers.delete(queue);
    if (entry.subscribers.size === 0) void this.finish(entry);
  }

  /** Stops polling, gives the lock up (a follower elsewhere takes over), stops listening, completes streams. */
  private async finish(entry: Entry): Promise<void> {
    if (entry.done) return;
    entry.done = true;
    clearInterval(entry.ticker);
    const owned = entry.loop !== null;
    entry.loop?.stop();
    entry.loop = null;
    if (this.entries.get(entry.target.key) === entry) this.entries.delete(entry.target.key);
    if (this.byChannel.get(entry.channel) === entry) this.byChannel.delete(entry.channel);
    for (const queue of [...entry.subscribers]) queue.end();
    entry.subscribers.clear();
    const { redis, subscriber, log } = this.options;
    try {
      if (owned) await redis.eval(RELEASE, 1, entry.lockKey, this.instanceId);
      // A new entry for the same asset may have subscribed meanwhile; SUBSCRIBE/UNSUBSCRIBE run in order.
      if (!this.byChannel.has(entry.channel)) await subscriber.unsubscribe(entry.channel);
    } catch (error) {
      log.warn({ err: error }, 'live progress: clean-up in Redis failed');
    }
  }
}

/** QUIT waits for a reachable Redis; a stop() must not wait for an unreachable one. */
async function quitWithin(client: Redis, timeoutMs = 1_000): Promise<void> {
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
  await Promise.race([
    client.quit().then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]);
  client.disconnect();
}

function toWire(event: ProgressEvent): string {
  if (event.kind === 'status') return JSON.stringify(event);
  const { message, code, extensions } = event.error;
  const wire: WireEvent = { kind: 'error', error: { message, code } };
  if (extensions.upstream) wire.error.upstream = extensions.upstream;
  if (typeof extensions.retryAfterSeconds === 'number') wire.error.retryAfterSeconds = extensions.retryAfterSeconds;
  return JSON.stringify(wire);
}

function fromWire(message: string): ProgressEvent | null {
  try {
    const wire = JSON.parse(message) as WireEvent;
    if (wire.kind === 'status') return wire;
    const { message: text, code, upstream, retryAfterSeconds } = wire.error;
    return {
      kind: 'error',
      error: new GatewayError(text, code, { ...(upstream ? { upstream } : {}), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) }),
    };
  } catch {
    return null;
  }
}
