import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../fixtures/signature-vectors.json' with { type: 'json' };
import { sign, signHeaders, stringToSign, verifySignature } from '../../../src/upstream/sign.js';

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

describe('NCP signature v2 properties', () => {
  const input = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'),
    pathWithQuery: fc.string({ minLength: 1, maxLength: 80 }).map((s) => `/${s}`),
    timestamp: fc.bigInt({ min: 0n, max: 10n ** 14n }).map(String),
    accessKey: fc.string({ minLength: 1, maxLength: 40 }),
    secretKey: fc.string({ minLength: 1, maxLength: 60 }),
  });

  it('always yields a 44-character standard Base64 digest that verifies', () => {
    fc.assert(
      fc.property(input, (i) => {
        const signature = sign(i);
        expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
        expect(verifySignature(i, signature)).toBe(true);
      }),
    );
  });

  it('changes with any change to the signed request-target, timestamp, access key or secret', () => {
    fc.assert(
      fc.property(input, fc.constantFrom('pathWithQuery', 'timestamp', 'accessKey', 'secretKey'), (i, field) => {
        const changed = { ...i, [field]: `${i[field]}x` };
        expect(verifySignature(changed, sign(i))).toBe(false);
      }),
    );
  });
});
