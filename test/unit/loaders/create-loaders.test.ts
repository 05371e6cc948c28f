import { describe, expect, it } from 'vitest';
import { createLoaderFactory } from '../../../src/loaders/create-loaders.js';
import { createSemaphore } from '../../../src/upstream/semaphore.js';
import { ErrorCode, GatewayError } from '../../../src/common/errors.js';
import type { TenantVendor, VendorRequest } from '../../../src/upstream/client.js';

/** A vendor view that answers after the test releases it, and records how many calls overlap. */
function recordingVendor(tenantId: string) {
  const calls: VendorRequest[] = [];
  const pending: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const vendor: TenantVendor = {
    tenantId,
    call: async <T>(request: VendorRequest) => {
      calls.push(request);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => pending.push(resolve));
      inFlight -= 1;
      if (request.path.endsWith('/missing')) throw new GatewayError('No such asset', ErrorCode.NOT_FOUND);
      return { code: '0', result: { path: request.path } } as T;
    },
  };
  /** Releases waiting calls until none is left (bounded). */
  const drain = async () => {
    for (let i = 0; i < 1000; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = pending.shift();
      if (!next) return;
      next();
    }
    throw new Error('calls kept arriving');
  };
  return { vendor, calls, drain, maxInFlight: () => maxInFlight, inFlight: () => inFlight };
}

describe('createLoaderFactory', () => {
  it('sends each request-target once per request and keeps failures per key', async () => {
    const fake = recordingVendor('acme');
    const loaders = createLoaderFactory()(fake.vendor);
    const all = Promise.allSettled([
      loaders.vendorGet.load({ path: '/a', endpoint: 'x' }),
      loaders.vendorGet.load({ path: '/a', endpoint: 'x' }),
      loaders.vendorGet.load({ path: '/missing', endpoint: 'x' }),
    ]);
    await fake.drain();
    const [first, second, missing] = await all;
    expect(first).toEqual({ status: 'fulfilled', value: { code: '0', result: { path: '/a' } } });
    expect(second).toEqual(first);
    expect(missing.status === 'rejected' && (missing.reason as GatewayError).code).toBe(ErrorCode.NOT_FOUND);
    expect(fake.calls.map((c) => [c.method, c.path, c.envelope])).toEqual([
      ['GET', '/a', true],
      ['GET', '/missing', true],
    ]);
  });

  it('caps one tenant at 8 concurrent GETs across its requests, and loaders of new requests start empty', async () => {
    const fake = recordingVendor('acme');
    const factory = createLoaderFactory({ maxConcurrentGetsPerTenant: 8 });
    const one = factory(fake.vendor);
    const two = factory(fake.vendor);
    const loads = [
      ...Array.from({ length: 20 }, (_, i) => one.vendorGet.load({ path: `/asset/${i}`, endpoint: 'x' })),
      ...Array.from({ length: 20 }, (_, i) => two.vendorGet.load({ path: `/asset/${i}`, endpoint: 'x' })),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.inFlight()).toBe(8);
    await fake.drain();
    await Promise.all(loads);
    expect(fake.maxInFlight()).toBe(8);
    // Same targets in two requests: two calls each (nothing shared across requests).
    expect(fake.calls).toHaveLength(40);
  });

  it('gives each tenant its own cap', async () => {
    const acme = recordingVendor('acme');
    const globex = recordingVendor('globex');
    const factory = createLoaderFactory({ maxConcurrentGetsPerTenant: 2 });
    const a = factory(acme.vendor);
    const g = factory(globex.vendor);
    const loads = [0, 1, 2].flatMap((i) => [a.vendorGet.load({ path: `/${i}`, endpoint: 'x' }), g.vendorGet.load({ path: `/${i}`, endpoint: 'x' })]);
    await new Promise((resolve) => setImmediate(resolve));
    expect([acme.inFlight(), globex.inFlight()]).toEqual([2, 2]);
    await Promise.all([acme.drain(), globex.drain()]);
    await Promise.all(loads);
  });

  it("forget() drops this request's answers so a later read goes upstream again", async () => {
    const fake = recordingVendor('acme');
    const loaders = createLoaderFactory()(fake.vendor);
    const first = loaders.vendorGet.load({ path: '/s', endpoint: 'x' });
    await fake.drain();
    await first;
    loaders.forget();
    const second = loaders.vendorGet.load({ path: '/s', endpoint: 'x' });
    await fake.drain();
    await second;
    expect(fake.calls).toHaveLength(2);
  });
});

describe('createSemaphore', () => {
  it('rejects a limit below 1', () => {
    expect(() => createSemaphore(0)).toThrow(RangeError);
  });

  it('releases its slot when a task fails', async () => {
    const semaphore = createSemaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
    expect([semaphore.active, semaphore.waiting]).toEqual([0, 0]);
  });
});
