import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

describe('logger redaction', () => {
  it('censors secret keys, client keys and signatures wherever a log call puts them', () => {
    const { log, lines } = capture();
    log.info(
      {
        secretKey: 'top-secret-1',
        apiKey: 'client-key-2',
        apiKeys: ['client-key-3'],
        authorization: 'Bearer client-key-4',
        signature: 'sig-5',
        tenant: { id: 'acme', secretKey: 'top-secret-6', apiKey: 'client-key-7' },
        headers: { authorization: 'Bearer client-key-8', 'x-api-key': 'client-key-9', 'x-ncp-apigw-signature-v2': 'sig-10', accept: 'application/json' },
        request: { headers: { authorization: 'Bearer client-key-11', 'x-ncp-apigw-signature-v2': 'sig-12' } },
      },
      'redaction check',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    for (const secret of ['top-secret', 'client-key', 'sig-']) expect(line).not.toContain(secret);
    const entry = JSON.parse(line);
    expect(entry.secretKey).toBe('[REDACTED]');
    expect(entry.apiKeys).toBe('[REDACTED]');
    expect(entry.tenant).toEqual({ id: 'acme', secretKey: '[REDACTED]', apiKey: '[REDACTED]' });
    expect(entry.headers).toEqual({ authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', 'x-ncp-apigw-signature-v2': '[REDACTED]', accept: 'application/json' });
    expect(entry.request.headers).toEqual({ authorization: '[REDACTED]', 'x-ncp-apigw-signature-v2': '[REDACTED]' });
  });
});

describe('logger timestamps', () => {
  it('writes an ISO time on every line, the same string within one millisecond and a fresh one later', async () => {
    const { log, lines } = capture();
    log.info('one');
    log.info('two');
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.info('three');
    const times = lines.map((line) => JSON.parse(line).time as string);
    for (const time of times) expect(new Date(time).toISOString()).toBe(time);
    expect(Date.parse(times[2]!)).toBeGreaterThan(Date.parse(times[0]!));
  });
});
