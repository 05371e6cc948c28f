import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../../src/common/errors.js';
import { createReadRetry } from '../../../src/upstream/read-retry.js';
import { UpstreamRefusal } from '../../../src/upstream/upstream-refusal.js';

const unavailable = () => new GatewayError('down', ErrorCode.UPSTREAM_UNAVAILABLE, { upstream: { status: 503, code: null } });
const rateLimited = (seconds: number) => new GatewayError('slow down', ErrorCode.RATE_LIMITED, { retryAfterSeconds: seconds });

/** Fails with the given errors in turn, then answers 'ok'; records each attempt number. */
function scripted(errors: GatewayError[]) {
  const attempts: number[] = [];
  const attempt = async (n: number) => {
    attempts.push(n);
    const error = errors[n - 1];
    if (error) throw error;
    return 'ok';
  };
  return { attempts, attempt };
}

const fast = { retries: 2, deadlineMs: 10_000, retryAfterMaxMs: 2_000, baseDelayMs: 1, maxDelayMs: 2 };

describe('createReadRetry', () => {
  it('retries timeouts and unavailable answers up to `retries` more times', async () => {
    const { attempts, attempt } = scripted([unavailable(), new GatewayError('slow', ErrorCode.UPSTREAM_TIMEOUT)]);
    await expect(createReadRetry(fast).run(attempt)).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up with the last failure once the attempts are spent', async () => {
    const last = unavailable();
    const { attempts, attempt } = scripted([unavailable(), unavailable(), last, unavailable()]);
    await expect(createReadRetry(fast).run(attempt)).rejects.toBe(last);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it.each([ErrorCode.NOT_FOUND, ErrorCode.BAD_USER_INPUT, ErrorCode.UPSTREAM_AUTH_FAILED, ErrorCode.ANALYSIS_IN_PROGRESS])('never retries %s', async (code) => {
    const { attempts, attempt } = scripted([new GatewayError('no', code)]);
    await expect(createReadRetry(fast).run(attempt)).rejects.toMatchObject({ code });
    expect(attempts).toEqual([1]);
  });

  it("never retries the gateway's own refusals (open circuit, tenant cap) nor unknown errors", async () => {
    for (const error of [new UpstreamRefusal('circuit_open', 'open', ErrorCode.UPSTREAM_UNAVAILABLE), new Error('bug')]) {
      const attempts: number[] = [];
      await expect(createReadRetry(fast).run(async (n) => (attempts.push(n), Promise.reject(error)))).rejects.toBe(error);
      expect(attempts).toEqual([1]);
    }
  });

  it('waits out a Retry-After within the cap and refuses to wait beyond it', async () => {
    const within = scripted([rateLimited(1)]);
    await expect(createReadRetry({ ...fast, retryAfterMaxMs: 1_000 }).run(within.attempt)).resolves.toBe('ok');
    expect(within.attempts).toEqual([1, 2]);
    const beyond = scripted([rateLimited(2)]);
    await expect(createReadRetry({ ...fast, retryAfterMaxMs: 1_000 }).run(beyond.attempt)).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
    expect(beyond.attempts).toEqual([1]);
  });

  it('starts no retry whose wait would end past the deadline', async () => {
    // random() = 0.99: waits of 39 ms, then 79 ms; the deadline of 60 ms allows only the first.
    const { attempts, attempt } = scripted([unavailable(), unavailable(), unavailable(), unavailable()]);
    const policy = createReadRetry({ retries: 5, deadlineMs: 60, retryAfterMaxMs: 0, baseDelayMs: 40, maxDelayMs: 1_000, random: () => 0.99 });
    await expect(policy.run(attempt)).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE });
    expect(attempts).toEqual([1, 2]);
  });

  it('runs once with retries = 0', async () => {
    const { attempts, attempt } = scripted([unavailable()]);
    await expect(createReadRetry({ ...fast, retries: 0 }).run(attempt)).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE });
    expect(attempts).toEqual([1]);
  });
});
