import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../../src/common/errors.js';
import { fromTransportError, parseRetryAfter, readVendorError, toUpstreamError, unreadableAnswer, upstreamCode } from '../../../src/upstream/map-error.js';

describe('readVendorError', () => {
  it.each([
    ['MI envelope', { code: '10001', message: 'Invalid Request.' }, { code: '10001', message: 'Invalid Request.' }],
    ['MI envelope with a numeric code', { code: 10014, message: 'm' }, { code: '10014', message: 'm' }],
    [
      'API Gateway envelope',
      { error: { errorCode: '200', message: 'Authentication Failed', details: 'x' } },
      { code: '200', message: 'Authentication Failed' },
    ],
    [
      'API Gateway envelope with code instead of errorCode',
      { error: { code: '410', message: 'Throttle Limited' } },
      { code: '410', message: 'Throttle Limited' },
    ],
    ['responseError with code', { responseError: { code: '10023', message: 'up to 10' } }, { code: '10023', message: 'up to 10' }],
    [
      'responseError with returnCode',
      { responseError: { returnCode: '10001', returnMessage: 'Invalid Request.' } },
      { code: '10001', message: 'Invalid Request.' },
    ],
    ['no envelope', { result: {} }, { code: null, message: null }],
    ['null', null, { code: null, message: null }],
    ['a string', 'Bad Gateway', { code: null, message: null }],
    ['an array', [1, 2], { code: null, message: null }],
    ['an object code', { code: { nested: true }, message: 5 }, { code: null, message: '5' }],
  ])('%s', (_name, payload, expected) => {
    expect(readVendorError(payload)).toEqual(expected);
  });
});

describe('toUpstreamError', () => {
  const table: Array<[number, unknown, ErrorCode, boolean]> = [
    [400, { code: '10001', message: 'Invalid Request.' }, ErrorCode.BAD_USER_INPUT, false],
    [401, { error: { errorCode: '200', message: 'Authentication Failed' } }, ErrorCode.UPSTREAM_AUTH_FAILED, false],
    [403, { error: { errorCode: '210', message: 'Permission Denied' } }, ErrorCode.UPSTREAM_AUTH_FAILED, false],
    [404, { code: '10002', message: 'Resource not found.' }, ErrorCode.NOT_FOUND, false],
    [409, { code: '409', message: 'Cannot cancel analysis in the current state' }, ErrorCode.INVALID_STATE, false],
    [413, { error: { errorCode: '430' } }, ErrorCode.BAD_USER_INPUT, false],
    [429, { error: { errorCode: '410' } }, ErrorCode.RATE_LIMITED, true],
    [429, { error: { errorCode: 420 } }, ErrorCode.RATE_LIMITED, true],
    [429, { error: { errorCode: '400' } }, ErrorCode.QUOTA_EXCEEDED, false],
    [429, { error: { errorCode: 400 } }, ErrorCode.QUOTA_EXCEEDED, false],
    [500, { error: { errorCode: '900' } }, ErrorCode.UPSTREAM_UNAVAILABLE, true],
    [502, null, ErrorCode.UPSTREAM_UNAVAILABLE, true],
    [503, { error: { errorCode: '500' } }, ErrorCode.UPSTREAM_UNAVAILABLE, true],
    [504, { error: { errorCode: '510' } }, ErrorCode.UPSTREAM_TIMEOUT, true],
    [504, null, ErrorCode.UPSTREAM_TIMEOUT, true],
    [302, null, ErrorCode.UPSTREAM_UNAVAILABLE, true],
    [200, { code: '10014', message: 'Select the asset you want to analyze.' }, ErrorCode.BAD_USER_INPUT, false],
    [200, { responseError: { returnCode: '10016', returnMessage: 'folder' } }, ErrorCode.BAD_USER_INPUT, false],
  ];
  it.each(table)('HTTP %d %j -> %s', (status, payload, code, retryable) => {
    const error = toUpstreamError(status, payload, null);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.extensions).toMatchObject({ code, retryable, upstream: { status, code: readVendorError(payload).code } });
  });

  it('reads a 409 as the caller says: ANALYSIS_IN_PROGRESS only where a running analysis blocks the call', () => {
    const body = { code: '409', message: 'Cannot delete index while analysis is in progress' };
    expect(toUpstreamError(409, body, null, 'analysis-running').extensions).toMatchObject({
      code: 'ANALYSIS_IN_PROGRESS',
      retryable: true,
      upstream: { status: 409, code: '409' },
    });
    expect(toUpstreamError(409, body, null, 'invalid-state').extensions).toMatchObject({ code: 'INVALID_STATE', retryable: false });
    expect(toUpstreamError(409, body, null).extensions).toMatchObject({ code: 'INVALID_STATE', retryable: false });
  });

  it('keeps extensions.upstream.code only when it looks like a code (issue 19 item 6)', () => {
    expect(upstreamCode('10001')).toBe('10001');
    expect(upstreamCode('MI_ERR.v2-1')).toBe('MI_ERR.v2-1');
    expect(upstreamCode('x'.repeat(32))).toBe('x'.repeat(32));
    for (const bad of ['x'.repeat(33), 'a'.repeat(200_000), 'abc+def/ghi=', 'two words', '', 'code\n']) expect(upstreamCode(bad)).toBeNull();
    const echoed = toUpstreamError(400, { code: 'c2lnbmF0dXJlK2Jhc2U2NC9lY2hvZWQ9PT0+', message: 'bad' }, null);
    expect(echoed.extensions.upstream).toEqual({ status: 400, code: null });
    expect(toUpstreamError(400, { code: 'z'.repeat(200_000) }, null).extensions.upstream).toEqual({ status: 400, code: null });
  });

  it('keeps a short vendor message and truncates a long one', () => {
    expect(toUpstreamError(400, { code: '10001', message: 'Invalid Request.' }, null).message).toContain('Invalid Request.');
    expect(toUpstreamError(400, { code: '10001', message: 'x'.repeat(5000) }, null).message.length).toBeLessThan(300);
  });

  it('never passes the vendor details of an auth failure on', () => {
    const error = toUpstreamError(401, { error: { errorCode: '200', message: 'Authentication Failed', details: 'access key AKIA-DETAILS' } }, null);
    expect(JSON.stringify(error.extensions) + error.message).not.toContain('AKIA-DETAILS');
  });

  it('sets retryAfterSeconds on a 429 from Retry-After, defaulting to 1', () => {
    expect(toUpstreamError(429, null, '7').extensions.retryAfterSeconds).toBe(7);
    expect(toUpstreamError(429, null, null).extensions.retryAfterSeconds).toBe(1);
    expect(toUpstreamError(429, null, 'soon').extensions.retryAfterSeconds).toBe(1);
    expect(toUpstreamError(503, null, '7').extensions.retryAfterSeconds).toBeUndefined();
  });
});

describe('fromTransportError and unreadableAnswer', () => {
  it.each(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'])('%s is a timeout', (code) => {
    expect(fromTransportError(Object.assign(new Error('x'), { code }), 'analyze').extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', retryable: true });
  });
  it('an AbortSignal.timeout is a timeout', () => {
    expect(fromTransportError(new DOMException('t', 'TimeoutError'), 'analyze').code).toBe(ErrorCode.UPSTREAM_TIMEOUT);
  });
  it.each(['UND_ERR_SOCKET', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', undefined])('%s is unavailable', (code) => {
    const error = fromTransportError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code }), 'analyze');
    expect(error.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(error.message).not.toContain('10.0.0.1');
  });
  it('handles a thrown non-object', () => {
    expect(fromTransportError(null, 'analyze').code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(fromTransportError('boom', 'analyze').code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });
  it('an unreadable answer is UPSTREAM_UNAVAILABLE with the status and no code', () => {
    expect(unreadableAnswer(200, 'truncated').extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, upstream: { status: 200, code: null } });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2015-10-21T07:28:00Z');
  it.each([
    ['7', 7],
    [' 7 ', 7],
    ['0', 1],
    ['120', 120],
    ['1.5', 2],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 1],
    ['Tue, 20 Oct 2015 07:28:00 GMT', 1],
    ['Wednesday, 21-Oct-15 07:28:10 GMT', 10],
    ['Wed Oct 21 07:28:05 2015', 5],
  ])('%j -> %d', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it.each([null, '', '  ', '-1', 'soon', '7.5.1', 'abc 5', '1e3', '2015-10-21T07:28:30Z', 'Wed, 99 Oct 2015 07:28:30 GMT'])('%j -> null', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});
