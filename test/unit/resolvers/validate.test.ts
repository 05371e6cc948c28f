import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/common/errors.js';
import { MAX_TAG_IDS, toPathId, toPersonCount, toTagIdList } from '../../../src/resolvers/validate/asset-input.js';

const accepts = <T>(fn: () => T): { ok: true; value: T } | { ok: false } => {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).extensions.code).toBe('BAD_USER_INPUT');
    return { ok: false };
  }
};

// Strings biased toward the characters that matter: separators, dots, percent signs, unicode.
const risky = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '9', '.', '/', '?', '#', '%', '~', '_', '-', ' ', '\\', 'é', '\u0000', '2', 'e', 'F'),
  maxLength: 12,
});
const anyText = fc.oneof(risky, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));

describe('toPathId (property)', () => {
  it('accepts only strings that cannot change the upstream path', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const result = accepts(() => toPathId('assetId', value));
        if (!result.ok) return;
        expect(result.value).toBe(value);
        expect(value).not.toMatch(/[/?#%\\\s]/);
        expect(value).not.toContain('..');
        expect(value).not.toBe('.');
        expect(value.length).toBeGreaterThan(0);
        // Encoding it changes nothing: it is already a literal path segment.
        expect(encodeURIComponent(value)).toBe(value.replace(/[!'()*]/g, ''));
        expect(new URL(`http://h/a/${value}/b`).pathname).toBe(`/a/${value}/b`);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every plain vendor id', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,62}$/), (name) => void expect(toPathId('workspaceName', name)).toBe(name)));
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (id) => void expect(toPathId('assetId', String(id))).toBe(String(id))));
  });

  it('names the field and never echoes more than 40 characters of the value', () => {
    const long = `/${'x'.repeat(500)}`;
    expect(() => toPathId('projectId', long)).toThrow(/^projectId must be/);
    try {
      toPathId('projectId', long);
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(300);
    }
  });
});

describe('toTagIdList (property)', () => {
  it('maps every accepted list to at most 30 positive safe integers, each equal to its decimal string', () => {
    const tag = fc.oneof(fc.nat().map(String), fc.bigInt({ min: -10n, max: 2n ** 64n }).map(String), anyText, fc.double().map(String));
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 35 }), (ids) => {
        const result = accepts(() => toTagIdList(ids));
        if (!result.ok) return;
        expect(result.value.length).toBeLessThanOrEqual(MAX_TAG_IDS);
        expect(result.value).toHaveLength(ids.length);
        result.value.forEach((n, i) => {
          expect(Number.isSafeInteger(n)).toBe(true);
          expect(n).toBeGreaterThan(0);
          expect(String(n)).toBe(ids[i]);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts any list of up to 30 positive safe integers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { maxLength: MAX_TAG_IDS }), (ns) => {
        expect(toTagIdList(ns.map(String))).toEqual(ns);
      }),
    );
  });

  it('rejects 31 ids even when each is fine', () => {
    expect(() => toTagIdList(Array.from({ length: 31 }, (_, i) => String(i + 1)))).toThrow(/at most 30/);
  });
});

describe('toPersonCount', () => {
  it('accepts exactly the integers 0 to 10', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (n) => {
        const result = accepts(() => toPersonCount(n));
        expect(result.ok).toBe(Number.isInteger(n) && n >= 0 && n <= 10);
      }),
    );
  });
});
