import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createInfoLineWriter, createLogger, safeFieldsLogger } from '../../../src/observability/logger.js';

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
    expect(entry.headers).toEqual({
      authorization: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-ncp-apigw-signature-v2': '[REDACTED]',
      accept: 'application/json',
    });
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

describe('createInfoLineWriter', () => {
  const withoutTime = (line: string) => line.replace(/"time":"[^"]+"/, '"time":"T"');
  const samples: Array<[object, string]> = [
    [
      { requestId: 'r-1', tenantId: 'acme', operationName: 'Analyze', operationType: 'mutation', status: 200, outcome: 'ok', durationMs: 1.5 },
      'graphql request',
    ],
    [
      {
        requestId: 'quote " back \\ slash',
        tenantId: null,
        operationName: null,
        operationType: undefined,
        status: 401,
        outcome: 'UNAUTHENTICATED',
        durationMs: Number.NaN,
      },
      'graphql request',
    ],
    [
      {
        requestId: 'ünïcödé \u2028 \n tab\t',
        upstream: {
          tenantId: 'acme',
          endpoint: 'analyze',
          method: 'POST',
          status: null,
          durationMs: 12.3,
          errorCode: 'UPSTREAM_TIMEOUT',
          attempt: 1,
          cause: 'UND_ERR',
        },
      },
      'upstream call',
    ],
    [{}, 'empty'],
  ];

  it("writes the same bytes as pino's own info() for flat fields and flat records (time aside)", () => {
    const { log, lines } = capture();
    const safe = safeFieldsLogger(log);
    const write = createInfoLineWriter(safe);
    for (const [fields, msg] of samples) {
      safe.info(fields, msg);
      write(fields, msg);
    }
    expect(lines).toHaveLength(samples.length * 2);
    for (let i = 0; i < lines.length; i += 2) expect(withoutTime(lines[i + 1]!)).toBe(withoutTime(lines[i]!));
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'info', service: 'mi-gateway', requestId: 'r-1', msg: 'graphql request' });
  });

  it('writes nothing when info is off, and follows a level changed at run time', () => {
    const { log, lines } = capture();
    log.level = 'warn';
    const write = createInfoLineWriter(safeFieldsLogger(log));
    write({ requestId: 'r' }, 'quiet');
    expect(lines).toHaveLength(0);
    log.level = 'info';
    const again = createInfoLineWriter(log);
    again({ requestId: 'r' }, 'loud');
    expect(lines).toHaveLength(1);
  });

  it("hands a logger it cannot mirror (a mixin) to pino's own info(), so nothing the logger adds is lost", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino({ level: 'info', mixin: () => ({ zone: 'z1' }) }, sink);
    createInfoLineWriter(log)({ requestId: 'r' }, 'with mixin');
    expect(JSON.parse(lines[0]!)).toMatchObject({ zone: 'z1', requestId: 'r', msg: 'with mixin' });
  });
});

describe('logger destination', () => {
  it('has written every line to stdout by the time the call returns: lines logged just before the process is killed survive', () => {
    const script = [
      "const { createLogger } = await import('./src/observability/logger.ts');",
      "const log = createLogger('info');",
      "for (let i = 0; i < 5; i++) log.info({ i }, 'last words');",
      "process.kill(process.pid, 'SIGKILL');",
    ].join('\n');
    let stdout = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 20_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (error) {
      // Killed by its own SIGKILL, as intended: what it wrote before is what counts.
      stdout = String((error as { stdout?: unknown }).stdout ?? '');
    }
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { i: number; msg: string });
    expect(lines.map((line) => line.i)).toEqual([0, 1, 2, 3, 4]);
  });
});
