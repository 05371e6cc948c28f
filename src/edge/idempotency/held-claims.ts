import { responseBytes, type DoneRecord, type IdempotencyStore, type RunningRecord } from './store.js';

const MAX_PENDING_RELEASES = 10_000;

interface Hold {
  running: RunningRecord;
  /** The answer, once the request ran and its answer is to be kept (not yet in the store). */
  done?: DoneRecord;
  bytes: number;
  /** When the store is next written for this key (renewal, or a retry after a failure). */
  nextAt: number;
  busy: boolean;
  failing: boolean;
}

export interface HeldClaimsOptions {
  inFlightTtlMs: number;
  keepMs: number;
  /** How often a failed store write is tried again. */
  retryMs?: number | undefined;
  /** Bytes of answers one tenant may hold here while the store cannot take them; beyond, markers. */
  maxBytesPerTenant?: number | undefined;
  onStoreError?: ((error: unknown) => void) | undefined;
}

/**
 * This replica's own keys from the moment their request starts until the store holds the answer:
 * the claim is renewed while the request runs, and the answer, once there, is written to the store
 * until that succeeds (Redis down: retried every `retryMs`, and at once when it reconnects, which also
 * re-stores claims that a restart of Redis lost). Duplicates arriving here meanwhile are answered
 * from this copy (run-idempotent.ts), so an outage never lets a key whose request ran run again.
 * Memory is bounded per tenant: an answer past `maxBytesPerTenant` is held as an "answer not kept" marker.
 */
export class HeldClaims {
  private readonly holds = new Map<string, Hold>();
  private readonly releases = new Map<string, { key: string; running: RunningRecord; until: number }>();
  private readonly tenantBytes = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly retryMs: number;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly options: HeldClaimsOptions,
  ) {
    this.retryMs = options.retryMs ?? 250;
    store.onReconnect?.(() => this.reassertAll());
  }

  get(key: string): { running: RunningRecord; done?: DoneRecord } | undefined {
    return this.holds.get(key);
  }

  /** The request of `running` starts now: its claim is renewed until `finish` or `abandon`. */
  begin(key: string, running: RunningRecord): void {
    this.holds.set(key, { running, bytes: 0, nextAt: Date.now() + this.options.inFlightTtlMs / 3, busy: false, failing: false });
    this.schedule();
  }

  /** Keeps `done` until the store has it (the first attempt is awaited). */
  async finish(key: string, done: DoneRecord): Promise<void> {
    const hold = this.holds.get(key);
    if (!hold) return;
    const tenant = key.slice(0, Math.max(0, key.indexOf(':')));
    const bytes = responseBytes(done.response);
    const held = this.tenantBytes.get(tenant) ?? 0;
    const limit = this.options.maxBytesPerTenant ?? Number.POSITIVE_INFINITY;
    if (held + bytes > limit) hold.done = { state: 'done', fingerprint: done.fingerprint, response: null, bytes };
    else {
      hold.done = done;
      hold.bytes = bytes;
      this.tenantBytes.set(tenant, held + bytes);
    }
    hold.nextAt = 0;
    await this.write(key, hold);
  }

  /** The answer is not kept: the claim is dropped (retried in the background while the store is down). */
  async abandon(key: string, running: RunningRecord): Promise<void> {
    const hold = this.holds.get(key);
    if (hold?.running.token === running.token) this.forget(key, hold);
    // Tried for as long as the claim blocks its key: a claim left behind would refuse retries as 'unknown'.
    const release = { key, running, until: Date.now() + this.options.keepMs };
    try {
      await this.store.release(key, running);
    } catch (error) {
      this.options.onStoreError?.(error);
      // Bounded: past it a claim that may have landed stays until the store drops it (its key refuses retries).
      if (this.releases.size < MAX_PENDING_RELEASES) this.releases.set(`${key}\n${running.token}`, release);
      this.schedule();
    }
  }

  /** Writes every held key now (Redis reconnected: its records may have been lost with a restart). */
  reassertAll(): void {
    for (const hold of this.holds.values()) hold.nextAt = 0;
    for (const release of this.releases.values()) void this.retryRelease(release);
    void this.tick();
  }

  /** Keys held, answers held (for tests and the log). */
  size(): { holds: number; answers: number; bytes: number } {
    let answers = 0;
    for (const hold of this.holds.values()) if (hold.done) answers += 1;
    let bytes = 0;
    for (const b of this.tenantBytes.values()) bytes += b;
    return { holds: this.holds.size, answers, bytes };
  }

  /**
   * At shutdown: writes held answers and pending releases until the store has them all or `timeoutMs` passed;
   * true if none is left. A release lost here leaves its claim orphaned: its key refuses retries for 24 h.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const pending = () => this.releases.size > 0 || [...this.holds.values()].some((hold) => hold.done);
    while (pending() && Date.now() < deadline) {
      this.reassertAll();
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.retryMs, Math.max(1, deadline - Date.now()))));
    }
    return !pending();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private forget(key: string, hold: Hold): void {
    this.holds.delete(key);
    if (hold.bytes === 0) return;
    const tenant = key.slice(0, Math.max(0, key.indexOf(':')));
    const left = (this.tenantBytes.get(tenant) ?? 0) - hold.bytes;
    if (left > 0) this.tenantBytes.set(tenant, left);
    else this.tenantBytes.delete(tenant);
  }

  private async write(key: string, hold: Hold): Promise<void> {
    if (hold.busy) return;
    hold.busy = true;
    try {
      const done = hold.done;
      const ok = done
        ? await this.store.complete(key, hold.running, done, this.options.keepMs)
        : await this.store.renew(key, hold.running, this.options.inFlightTtlMs);
      if (!ok) this.options.onStoreError?.(new Error('idempotency record taken over by another request while this one held it'));
      hold.failing = false;
      if (done || !ok) this.forget(key, hold);
      // The answer arrived while the renewal was under way: it is written next.
      else hold.nextAt = hold.done ? 0 : Date.now() + this.options.inFlightTtlMs / 3;
    } catch (error) {
      if (!hold.failing) this.options.onStoreError?.(error);
      hold.failing = true;
      hold.nextAt = Date.now() + this.retryMs;
    } finally {
      hold.busy = false;
      this.schedule();
    }
  }

  private async retryRelease(release: { key: string; running: RunningRecord; until: number }): Promise<void> {
    const id = `${release.key}\n${release.running.token}`;
    if (Date.now() > release.until) return void this.releases.delete(id);
    try {
      await this.store.release(release.key, release.running);
      this.releases.delete(id);
    } catch {
      // Tried again on the next tick.
    }
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const writes: Array<Promise<void>> = [];
    for (const [key, hold] of this.holds) if (hold.nextAt <= now && !hold.busy) writes.push(this.write(key, hold));
    for (const release of this.releases.values()) writes.push(this.retryRelease(release));
    await Promise.all(writes);
    this.schedule();
  }

  private schedule(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const hold of this.holds.values()) if (!hold.busy) next = Math.min(next, hold.nextAt);
    if (this.releases.size > 0) next = Math.min(next, Date.now() + this.retryMs);
    if (next >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }
}
