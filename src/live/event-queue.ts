/**
 * A push-fed async iterator for one subscriber: the poller pushes, graphql-ws pulls. Values wait in
 * order until pulled; end() lets the consumer drain them, then finishes. When the consumer stops early
 * (client unsubscribed or disconnected, graphql-ws calls return()), onStop runs once.
 */
export interface EventQueue<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
  /** No more values: pending ones are still delivered, then the stream completes. */
  end(): void;
  readonly ended: boolean;
}

export function createEventQueue<T>(onStop: () => void): EventQueue<T> {
  const buffered: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let ended = false;
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    onStop();
  };

  const queue: EventQueue<T> = {
    get ended() {
      return ended;
    },
    push(value) {
      if (ended) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value, done: false });
      } else buffered.push(value);
    },
    end() {
      if (ended) return;
      ended = true;
      if (waiting && buffered.length === 0) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: undefined, done: true });
      }
      stop();
    },
    next() {
      if (buffered.length > 0) return Promise.resolve({ value: buffered.shift()!, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      ended = true;
      buffered.length = 0;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: undefined, done: true });
      }
      stop();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
  };
  return queue;
}

/** A queue that has already ended: what a stream gets once live progress is closed. */
export function createEndedQueue<T>(): EventQueue<T> {
  const queue = createEventQueue<T>(() => {});
  queue.end();
  return queue;
}
