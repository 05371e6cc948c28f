import { describe, expect, it } from 'vitest';
import { createMemoryIdempotencyStore } from '../../../src/idempotency/memory-store.js';
import { IdempotencyStoreUnavailable, runIdempotent } from '../../../src/idempotency/run-idempotent.js';
import type { IdempotencyStore, StoredResponse } from '../../../src/idempotency/store.js';

const OK: StoredResponse = { status: 200, headers: [], body: '{"data":{"analyzeAsset":{"id":"1"}}}' };
const timings = { keepMs: 86_400_000, inFlightTtlMs: 60_000, waitMs: 1_000, pollMs: 5 };

describe('memory idempotency store', () => {
  it("never lets one tenant push out another tenant's records", async () => {
    const store = createMemoryIdempotencyStore(10);
    let runs = 0;
    const execute = async () => {
      runs += 1;
      return OK;
    };
    await runIdempotent(store, 'victim:k', 'f', execute, timings);
    for (let i = 0; i < 100; i++) await runIdempotent(store, `attacker:${i}`, 'f', execute, timings);
    const retry = await runIdempotent(store, 'victim:k', 'f', execute, timings);
    expect(retry.kind).toBe('replay');
    expect(runs).toBe(101);
  });

  it('never evicts an in-flight claim, even past the cap', async () => {
    const store = createMemoryIdempotencyStore(2);
    expect(await store.claim('t:running', { state: 'running', fingerprint: 'f', token: 'a' }, 60_000)).toBeNull();
    for (let i = 0; i < 5; i++) await store.complete(`t:${i}`, 'x', { state: 'done', fingerprint: 'f', response: OK }, 60_000);
    for (let i = 0; i < 5; i++) {
      await store.claim(`t:${i}`, { state: 'running', fingerprint: 'f', token: `t${i}` }, 60_000);
      await store.complete(`t:${i}`, `t${i}`, { state: 'done', fingerprint: 'f', response: OK }, 60_000);
    }
    expect(await store.claim('t:running', { state: 'running', fingerprint: 'f', token: 'b' }, 60_000)).toMatchObject({ state: 'running', token: 'a' });
  });
});

describe('runIdempotent renews its claim while the request runs', () => {
  it('keeps a duplicate waiting (not running) past the claim lifetime', async () => {
    const store = createMemoryIdempotencyStore();
    const short = { keepMs: 60_000, inFlightTtlMs: 60, waitMs: 2_000, pollMs: 5 };
    let runs = 0;
    const slow = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return OK;
    };
    const first = runIdempotent(store, 't:k', 'f', slow, short);
    await new Promise((resolve) => setTimeout(resolve, 150)); // well past the 60 ms claim lifetime
    const duplicate = await runIdempotent(store, 't:k', 'f', slow, short);
    expect((await first).kind).toBe('fresh');
    expect(duplicate.kind).toBe('replay');
    expect(runs).toBe(1);
  });
});

describe('runIdempotent when the store fails', () => {
  const failing = (what: 'claim' | 'complete'): IdempotencyStore => {
    const inner = createMemoryIdempotencyStore();
    return {
      claim: (...args) => (what === 'claim' ? Promise.reject(new Error('redis down')) : inner.claim(...args)),
      complete: (...args) => (what === 'complete' ? Promise.reject(new Error('redis down')) : inner.complete(...args)),
      release: (...args) => inner.release(...args),
      renew: (...args) => inner.renew(...args),
    };
  };

  it('still hands the answer of a mutation that ran to the client when it cannot be kept', async () => {
    const errors: unknown[] = [];
    const outcome = await runIdempotent(failing('complete'), 't:k', 'f', async () => OK, timings, (e) => errors.push(e));
    expect(outcome).toEqual({ kind: 'fresh', response: OK });
    expect(errors).toHaveLength(1);
  });

  it('runs nothing and reports the store as unavailable when a key cannot be claimed', async () => {
    let runs = 0;
    await expect(runIdempotent(failing('claim'), 't:k', 'f', async () => (runs++, OK), timings)).rejects.toBeInstanceOf(IdempotencyStoreUnavailable);
    expect(runs).toBe(0);
  });
});
