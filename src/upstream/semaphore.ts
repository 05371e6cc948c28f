/** A counting semaphore: at most `limit` tasks run at once, the rest wait in arrival order. */
export interface Semaphore {
  /** Rejects with SemaphoreRefusal when the queue is full or the wait exceeds `maxWaitMs`. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now (for tests and metrics). */
  readonly active: number;
  readonly waiting: number;
}

export interface SemaphoreBounds {
  /** Most tasks allowed to wait; default unbounded. */
  maxWaiting?: number;
  /** Longest a task may wait for a slot; default unbounded. */
  maxWaitMs?: number;
  /** The error a refused task rejects with; default a SemaphoreRefusal. */
  refuse?: (reason: SemaphoreRefusal['reason']) => Error;
}

/** A task refused a slot: `queue-full` at once, `wait-timeout` after waiting `maxWaitMs`. */
export class SemaphoreRefusal extends Error {
  constructor(readonly reason: 'queue-full' | 'wait-timeout') {
    super(reason === 'queue-full' ? 'semaphore queue is full' : 'semaphore wait timed out');
    this.name = 'SemaphoreRefusal';
  }
}

interface Waiter {
  grant(): void;
}

export function createSemaphore(limit: number, bounds: SemaphoreBounds = {}): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer; got ${limit}`);
  const maxWaiting = bounds.maxWaiting ?? Number.POSITIVE_INFINITY;
  const maxWaitMs = bounds.maxWaitMs;
  const refuse = bounds.refuse ?? ((reason: SemaphoreRefusal['reason']) => new SemaphoreRefusal(reason));
  let active = 0;
  const queue: Waiter[] = [];

  const release = (): void => {
    const next = queue.shift();
    // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
    if (next) next.grant();
    else active -= 1;
  };

  /** Only called when no slot is free. */
  const acquire = (): Promise<void> => {
    if (queue.length >= maxWaiting) return Promise.reject(refuse('queue-full'));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        grant: () => {
          if (timer) clearTimeout(timer);
          resolve();
        },
      };
      if (maxWaitMs !== undefined) {
        timer = setTimeout(() => {
          // Still queued, so it holds no slot: leaving the queue is all there is to undo.
          const at = queue.indexOf(waiter);
          if (at !== -1) queue.splice(at, 1);
          reject(refuse('wait-timeout'));
        }, maxWaitMs);
        timer.unref();
      }
      queue.push(waiter);
    });
  };

  const holding = async <T>(task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } finally {
      release();
    }
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      // A free slot is taken synchronously: no extra promise and await on the common path.
      if (active < limit) {
        active += 1;
        return holding(task);
      }
      return acquire().then(() => holding(task));
    },
  };
}
