import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../../src/common/errors.js';
import { createOriginBreaker } from '../../../src/upstream/origin-breaker.js';
import { isUpstreamRefusal } from '../../../src/upstream/upstream-refusal.js';

const HALF_OPEN_MS = 40;
const unavailable = () => new GatewayError('vendor down', ErrorCode.UPSTREAM_UNAVAILABLE, { detail: { code: 'ECONNREFUSED' } });
const aborted = () => new GatewayError('caller went away', ErrorCode.UPSTREAM_UNAVAILABLE, { detail: { name: 'AbortError' } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function outcome(run: Promise<unknown>): Promise<'ok' | 'refused' | GatewayError> {
  try {
    await run;
    return 'ok';
  } catch (error) {
    if (isUpstreamRefusal(error)) return 'refused';
    return error as GatewayError;
  }
}

describe('createOriginBreaker', () => {
  it('does not count calls aborted by their caller while closed', async () => {
    const breaker = createOriginBreaker('vendor.test', { failures: 1, halfOpenMs: HALF_OPEN_MS });
    const error = aborted();
    expect(await outcome(breaker.run(() => Promise.reject(error)))).toBe(error);
    expect(await outcome(breaker.run(async () => 'answer'))).toBe('ok');
  });

  it('keeps the circuit open when the half-open trial is aborted by its caller, and closes it on a trial that succeeds', async () => {
    const changes: boolean[] = [];
    const breaker = createOriginBreaker('vendor.test', { failures: 2, halfOpenMs: HALF_OPEN_MS, onOpenChange: (open) => changes.push(open) });
    for (let i = 0; i < 2; i += 1) await outcome(breaker.run(() => Promise.reject(unavailable())));
    let ran = 0;
    const counted = async () => {
      ran += 1;
      return 'answer';
    };
    expect(await outcome(breaker.run(counted))).toBe('refused');
    expect(ran).toBe(0);

    await sleep(HALF_OPEN_MS * 2);
    const error = aborted();
    expect(await outcome(breaker.run(() => Promise.reject(error)))).toBe(error);
    // The aborted trial proved nothing: still open, nothing runs.
    expect(await outcome(breaker.run(counted))).toBe('refused');
    expect(ran).toBe(0);

    await sleep(HALF_OPEN_MS * 2);
    expect(await outcome(breaker.run(counted))).toBe('ok');
    expect(await outcome(breaker.run(counted))).toBe('ok');
    expect(ran).toBe(2);
    expect(changes.at(-1)).toBe(false);
  });
});
