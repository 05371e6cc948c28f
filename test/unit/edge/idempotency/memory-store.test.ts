import { describe, expect, it } from 'vitest';
import { createMemoryIdempotencyStore } from '../../../../src/edge/idempotency/memory-store.js';
import { IdempotencyStoreUnavailable, createIdempotency, isKeptAnswer, type IdempotencyOptions } from '../../../../src/edge/idempotency/run-idempotent.js';
import type { IdempotencyStore, StoredResponse } from '../../../../src/edge/idempotency/store.js';

const OK: StoredResponse = { status: 200, headers: [], body: '{"data":{"analyzeAsset":{"id":"1"}}}' };
const timings: IdempotencyOptions = { keepMs: 86_400_000, inFlightTtlMs: 60_000, waitMs: 1_000, pollMs: 5 };
const running = (token: string) => ({ state: 'running' as const, fingerprint: 'f', token });

describe('memory idempotency store', () => {
  it("never lets one tenant push out another tenant's records", async () => {
    const idem = createIdempotency(createMemoryIdempotencyStore({ maxEntriesPerTenant: 10 }), timings);
    let runs = 0;
    const execute = async () => {
      runs += 1;
      return OK;
    };
    await idem.run('victim:k', 'f', execute);
    for (let i = 0; i < 100; i++) await idem.run(`attacker:${i}`, 'f', execute);
    const retry = await idem.run('victim:k', 'f', execute);
    expect(retry.kind).toBe('replay');
    expect(runs).toBe(101);
  });

  it('never evicts an in-flight claim, even past the cap', async () => {
    const store = createMemoryIdempotencyStore({ maxEntriesPerTenant: 2 });
    expect(await store.claim('t:running', running('a'), 60_000)).toBeNull();
    for (let i = 0; i < 5; i++) {
      await store.claim(`t:${i}`, running(`t${i}`), 60_000);
      await store.complete(`t:${i}`, running(`t${i}`), { state: 'done', fingerprint: 'f', response: OK }, 60_000);
    }
    expect(await store.claim('t:running', running('b'), 60_000)).toMatchObject({ state: 'running', token: 'a' });
  });

  it('keeps at most maxBytesPerTenant of answers: 300 answers of 1 MiB stay under 8 MiB, and every key still blocks a second run', async () => {
    const cap = 8 * 1024 * 1024;
    const store = createMemoryIdempotencyStore({ maxBytesPerTenant: cap });
    const idem = createIdempotency(store, timings);
    const big: StoredResponse = { status: 200, headers: [], body: JSON.stringify({ data: { analyzeAsset: { id: '1', pad: 'x'.repeat(1024 * 1024) } } }) };
    let runs = 0;
    const execute = async () => (runs++, big);
    for (let i = 0; i < 300; i++) await idem.run(`t:${i}`, 'f', execute);
    expect(store.bytes()).toBeLessThanOrEqual(cap);
    expect(store.bytes()).toBeGreaterThan(cap - 2 * 1024 * 1024);
    // The newest answers replay; the oldest were turned into markers: refused, never run again.
    expect((await idem.run('t:299', 'f', execute)).kind).toBe('replay');
    expect(await idem.run('t:0', 'f', execute)).toEqual({ kind: 'not-kept', bytes: Buffer.byteLength(big.body) });
    expect(runs).toBe(300);
  });

  it('keeps an answer larger than maxAnswerBytes as a marker only: the key blocks a second run', async () => {
    const store = createMemoryIdempotencyStore();
    const idem = createIdempotency(store, { ...timings, maxAnswerBytes: 100 });
    let runs = 0;
    const big: StoredResponse = { status: 200, headers: [], body: JSON.stringify({ data: { analyzeAsset: { id: '1', pad: 'x'.repeat(500) } } }) };
    expect(await idem.run('t:k', 'f', async () => (runs++, big))).toEqual({ kind: 'fresh', response: big });
    expect(store.bytes()).toBe(0);
    expect((await idem.run('t:k', 'f', async () => (runs++, big))).kind).toBe('not-kept');
    expect(runs).toBe(1);
  });
});

describe('isKeptAnswer', () => {
  const answer = (body: unknown, status = 200): StoredResponse => ({ status, headers: [], body: JSON.stringify(body) });
  const retryable = (field: string) => ({ message: 'x', path: [field], extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true } });
  it('drops an answer whose only failures are retryable and where no field succeeded', () => {
    expect(isKeptAnswer(answer({ data: { a: null }, errors: [retryable('a')] }))).toBe(false);
    expect(isKeptAnswer(answer({ errors: [{ message: 'x', extensions: { retryable: true } }] }, 503))).toBe(false);
    expect(isKeptAnswer({ status: 502, headers: [], body: 'not json' })).toBe(false);
  });
  it('keeps an answer in which any mutation field succeeded, even if another failed retryably', () => {
    expect(isKeptAnswer(answer({ data: { a: { id: '1' }, b: null }, errors: [retryable('b')] }))).toBe(true);
    expect(isKeptAnswer(answer({ data: { a: { id: '1' } } }))).toBe(true);
    expect(isKeptAnswer(answer({ data: { a: null }, errors: [{ message: 'x', path: ['a'], extensions: { retryable: false } }] }))).toBe(true);
  });
});

describe('a claim whose lease lapsed (its holder stopped renewing it)', () => {
  it('is found orphaned, not free: the same request is not run (unknown), another one under the key is refused (reused)', async () => {
    let t = 0;
    const store = createMemoryIdempotencyStore({}, () => t);
    expect(await store.claim('t:k', running('a'), 100)).toBeNull();
    t = 99;
    expect(await store.claim('t:k', running('b'), 100)).toMatchObject({ state: 'running', token: 'a' });
    t = 100;
    expect(await store.claim('t:k', running('b'), 100)).toEqual({ state: 'orphaned', fingerprint: 'f' });
    const idem = createIdempotency(store, timings);
    let runs = 0;
    expect(await idem.run('t:k', 'f', async () => (runs++, OK))).toEqual({ kind: 'unknown' });
    expect(await idem.run('t:k', 'other', async () => (runs++, OK))).toEqual({ kind: 'reused' });
    expect(runs).toBe(0);
    // Its holder reaches the store again: the renewal restores the lease, and its answer replaces the claim.
    expect(await store.renew('t:k', running('a'), 100)).toBe(true);
    expect(await store.claim('t:k', running('b'), 100)).toMatchObject({ state: 'running', token: 'a' });
    expect(await store.complete('t:k', running('a'), { state: 'done', fingerprint: 'f', response: OK }, 1_000)).toBe(true);
    expect(await idem.run('t:k', 'f', async () => (runs++, OK))).toEqual({ kind: 'replay', response: OK });
    // The claim blocks its key as long as answers are kept (24 h by default), not for the lease alone.
    expect(await store.claim('t:gone', running('c'), 100)).toBeNull();
    t += 86_400_000 - 1;
    expect(await store.claim('t:gone', running('d'), 100)).toEqual({ state: 'orphaned', fingerprint: 'f' });
    t += 1;
    expect(await store.claim('t:gone', running('d'), 100)).toBeNull();
    expect(runs).toBe(0);
  });
});

describe('runIdempotent renews its claim while the request runs', () => {
  it('keeps a duplicate waiting (not running) past the claim lifetime', async () => {
    const store = createMemoryIdempotencyStore();
    const idem = createIdempotency(store, { keepMs: 60_000, inFlightTtlMs: 60, waitMs: 2_000, pollMs: 5 });
    // A second replica: same store, its own held claims.
    const other = createIdempotency(store, { keepMs: 60_000, inFlightTtlMs: 60, waitMs: 2_000, pollMs: 5 });
    let runs = 0;
    const slow = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return OK;
    };
    const first = idem.run('t:k', 'f', slow);
    await new Promise((resolve) => setTimeout(resolve, 150)); // well past the 60 ms claim lifetime
    const duplicate = await other.run('t:k', 'f', slow);
    expect((await first).kind).toBe('fresh');
    expect(duplicate.kind).toBe('replay');
    expect(runs).toBe(1);
  });
});

describe('runIdempotent when the store fails', () => {
  /** A store whose methods fail while `down` is true. */
  const flaky = (down: { claim: boolean; write: boolean }): IdempotencyStore => {
    const inner = createMemoryIdempotencyStore();
    const fail = () => Promise.reject(new Error('redis down'));
    return {
      claim: (...args) => (down.claim ? fail() : inner.claim(...args)),
      complete: (...args) => (down.write ? fail() : inner.complete(...args)),
      release: (...args) => (down.write ? fail() : inner.release(...args)),
      renew: (...args) => (down.write ? fail() : inner.renew(...args)),
    };
  };

  it('hands the answer to the client, answers duplicates from the held copy, and stores it once the store is back', async () => {
    const errors: unknown[] = [];
    const down = { claim: false, write: true };
    const store = flaky(down);
    const idem = createIdempotency(store, { ...timings, retryMs: 10, onStoreError: (e: unknown) => errors.push(e) });
    let runs = 0;
    expect(await idem.run('t:k', 'f', async () => (runs++, OK))).toEqual({ kind: 'fresh', response: OK });
    expect(errors).toHaveLength(1);
    down.claim = true; // the whole store is down now
    expect(await idem.run('t:k', 'f', async () => (runs++, OK))).toEqual({ kind: 'replay', response: OK });
    expect(idem.held.size()).toMatchObject({ answers: 1 });
    down.claim = false;
    down.write = false;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(idem.held.size()).toMatchObject({ holds: 0, answers: 0, bytes: 0 });
    // Another replica sharing the store replays the answer the first one wrote.
    expect(await createIdempotency(store, timings).run('t:k', 'f', async () => (runs++, OK))).toEqual({ kind: 'replay', response: OK });
    expect(runs).toBe(1);
    idem.close();
  });

  it('writes pending releases at shutdown, so a key whose answer was retryable runs anew elsewhere', async () => {
    const down = { claim: false, write: true };
    const store = flaky(down);
    const idem = createIdempotency(store, { ...timings, retryMs: 10 });
    const retryable: StoredResponse = {
      status: 200,
      headers: [],
      body: JSON.stringify({ data: null, errors: [{ message: 'x', extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true } }] }),
    };
    expect((await idem.run('t:k', 'f', async () => retryable)).kind).toBe('fresh');
    idem.close(); // shutting down: no background retries any more
    expect(await idem.held.flush(30)).toBe(false); // the store still refuses writes: the release is pending
    down.write = false;
    expect(await idem.held.flush(1_000)).toBe(true);
    let runs = 0;
    expect((await createIdempotency(store, timings).run('t:k', 'f', async () => (runs++, OK))).kind).toBe('fresh');
    expect(runs).toBe(1);
  });

  it('runs nothing and reports the store as unavailable when a key cannot be claimed', async () => {
    let runs = 0;
    const idem = createIdempotency(flaky({ claim: true, write: true }), timings);
    await expect(idem.run('t:k', 'f', async () => (runs++, OK))).rejects.toBeInstanceOf(IdempotencyStoreUnavailable);
    expect(runs).toBe(0);
    idem.close();
  });
});
