import type { Logger } from '../observability/logger.js';
import { createEndedQueue, createEventQueue, type EventQueue } from './event-queue.js';
import { startPollLoop, type PollLoop } from './poll-loop.js';
import { isFinalEvent, stateKey, type LiveProgress, type PollTarget, type ProgressEvent } from './live-progress.js';

interface Poller {
  subscribers: Set<EventQueue<ProgressEvent>>;
  /** The last state delivered, sent at once to a subscriber that joins later. */
  last: ProgressEvent | null;
  lastKey: string | null;
  loop: PollLoop;
}

/**
 * One poller per tenant and asset in this process, however many clients follow it. It starts with the
 * first subscriber and stops when the last one leaves, at a terminal state, or on close().
 */
export class PollerRegistry implements LiveProgress {
  private readonly pollers = new Map<string, Poller>();
  private closed = false;

  constructor(private readonly options: { intervalMs: number; log: Logger }) {}

  follow(target: PollTarget): AsyncIterableIterator<ProgressEvent> {
    if (this.closed) return createEndedQueue<ProgressEvent>();
    const poller = this.pollers.get(target.key) ?? this.start(target);
    const queue = createEventQueue<ProgressEvent>(() => this.leave(target.key, poller, queue));
    poller.subscribers.add(queue);
    if (poller.last) queue.push(poller.last);
    return queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const [key, poller] of this.pollers) this.finish(key, poller);
  }

  /** Number of assets polled right now (for tests and metrics). */
  get size(): number {
    return this.pollers.size;
  }

  private start(target: PollTarget): Poller {
    const poller: Poller = {
      subscribers: new Set(),
      last: null,
      lastKey: null,
      loop: { stop: () => {} },
    };
    this.pollers.set(target.key, poller);
    poller.loop = startPollLoop({
      intervalMs: this.options.intervalMs,
      poll: (signal) => target.poll(signal),
      ...(target.backoffWhile ? { backoffWhile: target.backoffWhile } : {}),
      log: this.options.log,
      logFields: target.logFields,
      onStatus: (status) => {
        const key = stateKey(status);
        if (key === poller.lastKey) return;
        this.broadcast(target.key, poller, { kind: 'status', status }, key);
      },
      onError: (error) => this.broadcast(target.key, poller, { kind: 'error', error }, null),
    });
    return poller;
  }

  private broadcast(key: string, poller: Poller, event: ProgressEvent, eventKey: string | null): void {
    // After an error the next state is news again, even if it equals the one before the error.
    poller.last = event.kind === 'status' ? event : null;
    poller.lastKey = eventKey;
    for (const queue of poller.subscribers) queue.push(event);
    if (isFinalEvent(event)) this.finish(key, poller);
  }

  /** Stops the poller and completes its streams (after their pending events). */
  private finish(key: string, poller: Poller): void {
    poller.loop.stop();
    if (this.pollers.get(key) === poller) this.pollers.delete(key);
    for (const queue of [...poller.subscribers]) queue.end();
    poller.subscribers.clear();
  }

  private leave(key: string, poller: Poller, queue: EventQueue<ProgressEvent>): void {
    poller.subscribers.delete(queue);
    if (poller.subscribers.size === 0 && this.pollers.get(key) === poller) {
      poller.loop.stop();
      this.pollers.delete(key);
    }
  }
}
