import { EventEmitter } from 'node:events';

/**
 * An abort signal that fires after `ms` (with a TimeoutError) or when the caller's signal does. Cleared
 * as soon as the attempt ends: no timer outlives its request, and nothing aborts a finished one.
 * An EventEmitter rather than an AbortController: undici takes either (`signal.once('abort')`), and the
 * emitter costs far less per call than an EventTarget with its listener bookkeeping.
 */
class Deadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

export function createDeadline(ms: number, caller: AbortSignal | undefined): { signal: Deadline; clear(): void } {
  const signal = new Deadline();
  const timer = setTimeout(() => signal.abort(new DOMException('upstream answer took too long', 'TimeoutError')), ms);
  if (caller === undefined) return { signal, clear: () => clearTimeout(timer) };
  const onCallerAbort = () => signal.abort(caller.reason);
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal,
    clear() {
      clearTimeout(timer);
      caller.removeEventListener('abort', onCallerAbort);
    },
  };
}
