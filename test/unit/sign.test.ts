import { describe, expect, it } from 'vitest';
import vectors from '../fixtures/signature-vectors.json' with { type: 'json' };
import { sign, signHeaders, stringToSign, verifySignature } from '../../src/vendor/sign.js';

describe('NCP signature v2', () => {
  it.each(vectors.vectors.map((v) => [v.name, v] as const))('matches vector %s', (_name, v) => {
    expect(stringToSign(v)).toBe(v.stringToSign);
    expect(sign(v)).toBe(v.signature);
    expect(verifySignature(v, v.signature)).toBe(true);
  });

  it('puts the same timestamp and access key in the headers that it signed', () => {
    const input = { method: 'POST', pathWithQuery: '/api/v1/x', timestamp: '1', accessKey: 'A', secretKey: 'S' };
    expect(signHeaders(input)).toEqual({
      'x-ncp-apigw-timestamp': '1',
      'x-ncp-iam-access-key': 'A',
      'x-ncp-apigw-signature-v2': sign(input),
    });
  });

  it('rejects a signature for another request-target or key', () => {
    const input = { method: 'GET', pathWithQuery: '/a?b=1', timestamp: '1', accessKey: 'A', secretKey: 'S' };
    const good = sign(input);
    expect(verifySignature({ ...input, pathWithQuery: '/a?b=2' }, good)).toBe(false);
    expect(verifySignature({ ...input, secretKey: 'T' }, good)).toBe(false);
    expect(verifySignature(input, good.slice(1))).toBe(false);
  });
});
