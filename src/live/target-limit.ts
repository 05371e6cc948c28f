import { ErrorCode, GatewayError } from '../common/errors.js';
import type { LiveProgress, PollTarget, ProgressEvent } from './live-progress.js';

/**
 * Caps the distinct targets (poller keys) each tenant follows on this replica: a target counts while it
 * has at least one subscriber here, so following an already-followed asset again is free. Beyond the cap
 * the subscribe fails with RATE_LIMITED before any poller starts (no vendor call). Per replica: with N
 * replicas a tenant may follow up to N times the cap.
 */
export class TargetLimitedProgress implements LiveProgress {
  /** tenant id → poller key → subscribers of it on this replica. */
  private readonly followed = new Map<string, Map<string, number>>();

  constructor(private readonly inner: LiveProgress) {}

  follow(target: PollTarget): AsyncIterableIterator<ProgressEvent> {
    const limit = target.limit;
    if (!limit) return this.inner.follow(target);
    const keys = this.followed.get(limit.tenantId) ?? new Map<string, number>();
    const count = keys.get(target.key);
    if (count === undefined && keys.size >= limit.maxTargets) {
      throw new GatewayError(
        `Tenant ${limit.tenantId} already follows ${limit.maxTargets} distinct assets live (its live.maxTargets); unsubscribe from one first`,
        ErrorCode.RATE_LIMITED,
      );
    }
    keys.set(target.key, (count ?? 0) + 1);
    this.followed.set(limit.tenantId, keys);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (keys.get(target.key) ?? 1) - 1;
      if (left > 0) keys.set(target.key, left);
      else keys.delete(target.key);
      if (keys.size === 0 && this.followed.get(limit.tenantId) === keys) this.followed.delete(limit.tenantId);
    };
    let stream: AsyncIterableIterator<ProgressEvent>;
    try {
      stream = this.inner.follow(target);
    } catch (error) {
      release();
      throw error;
    }
    return releasing(stream, release);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The stream as it is, calling release once when it ends or the consumer stops. */
function releasing<T>(stream: AsyncIterableIterator<T>, release: () => void): AsyncIterableIterator<T> {
  const wrapped: AsyncIterableIterator<T> = {
    async next() {
      try {
        const result = await stream.next();
        if (result.done) release();
        return result;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return(value?: unknown) {
      release();
      return stream.return ? stream.return(value) : { done: true, value: value as T };
    },
    async throw(error?: unknown) {
      release();
      if (stream.throw) return stream.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  return wrapped;
}
