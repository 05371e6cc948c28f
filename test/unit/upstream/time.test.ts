import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocalDateTime } from '../../../src/dev/emulator/time.js';
import { createVendorTimeReader } from '../../../src/upstream/time.js';

const iso = (reader: ReturnType<typeof createVendorTimeReader>, value: unknown) => reader(value)?.toISOString() ?? null;

describe('createVendorTimeReader: offset-less strings', () => {
  it('reads them in Asia/Seoul (UTC+9, no DST)', () => {
    const seoul = createVendorTimeReader('Asia/Seoul');
    expect(iso(seoul, '2025-08-15T17:13:48')).toBe('2025-08-15T08:13:48.000Z');
    expect(iso(seoul, '2025-01-01T00:00:00')).toBe('2024-12-31T15:00:00.000Z');
    expect(iso(seoul, '2025-08-15 17:13')).toBe('2025-08-15T08:13:00.000Z');
    expect(iso(seoul, '2025-08-15T17:13:48.5')).toBe('2025-08-15T08:13:48.500Z');
    expect(iso(seoul, '2025-08-15T17:13:48.123456789')).toBe('2025-08-15T08:13:48.123Z');
    expect(iso(seoul, '  2025-08-15T17:13:48  ')).toBe('2025-08-15T08:13:48.000Z');
  });

  it('reads them in UTC', () => {
    const utc = createVendorTimeReader('UTC');
    expect(iso(utc, '2025-08-15T17:13:48')).toBe('2025-08-15T17:13:48.000Z');
    expect(iso(utc, '2024-02-29T23:59:59')).toBe('2024-02-29T23:59:59.000Z');
  });

  describe('America/New_York across DST transitions', () => {
    const ny = createVendorTimeReader('America/New_York');
    it('uses EST before and EDT after the spring change (2025-03-09 02:00)', () => {
      expect(iso(ny, '2025-03-09T01:59:59')).toBe('2025-03-09T06:59:59.000Z');
      expect(iso(ny, '2025-03-09T03:00:00')).toBe('2025-03-09T07:00:00.000Z');
      expect(iso(ny, '2025-07-01T12:00:00')).toBe('2025-07-01T16:00:00.000Z');
    });
    it('moves a time in the spring gap forward by the gap, as Temporal "compatible" does', () => {
      expect(iso(ny, '2025-03-09T02:30:00')).toBe('2025-03-09T07:30:00.000Z'); // = 03:30 EDT
    });
    it('reads a time repeated in the autumn overlap as the earlier instant (EDT)', () => {
      expect(iso(ny, '2025-11-02T01:30:00')).toBe('2025-11-02T05:30:00.000Z');
      expect(iso(ny, '2025-11-02T00:59:59')).toBe('2025-11-02T04:59:59.000Z');
      expect(iso(ny, '2025-11-02T02:00:00')).toBe('2025-11-02T07:00:00.000Z');
    });
  });

  it('handles a zone changing on the half hour (Australia/Lord_Howe, +10:30 <-> +11)', () => {
    const lordHowe = createVendorTimeReader('Australia/Lord_Howe');
    // 2025-04-06 02:00 +11 -> 01:30 +10:30: the instant 2025-04-05T15:00Z; 15 minutes before and after it.
    expect(iso(lordHowe, '2025-04-06T01:45:00')).toBe('2025-04-05T14:45:00.000Z');
    expect(iso(lordHowe, '2025-04-06T02:15:00')).toBe('2025-04-05T15:45:00.000Z');
  });

  it('round-trips every instant the emulator formats, in several zones', () => {
    for (const zone of ['Asia/Seoul', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      const read = createVendorTimeReader(zone);
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2060, 0, 1) / 1000 }), (seconds) => {
          const instant = seconds * 1000;
          const wall = formatLocalDateTime(instant, zone);
          const back = read(wall)!.getTime();
          // An overlap hour reads as its earlier instant; otherwise exactly the same instant.
          expect(back === instant || (back < instant && formatLocalDateTime(back, zone) === wall)).toBe(true);
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('createVendorTimeReader: strings with Z or an offset', () => {
  const seoul = createVendorTimeReader('Asia/Seoul');
  it.each([
    ['2025-08-15T17:13:48Z', '2025-08-15T17:13:48.000Z'],
    ['2025-08-15T17:13:48z', '2025-08-15T17:13:48.000Z'],
    ['2025-08-15T17:13:48.250Z', '2025-08-15T17:13:48.250Z'],
    ['2025-08-15T17:13:48+09:00', '2025-08-15T08:13:48.000Z'],
    ['2025-08-15T17:13:48+0900', '2025-08-15T08:13:48.000Z'],
    ['2025-08-15T17:13:48+09', '2025-08-15T08:13:48.000Z'],
    ['2025-08-15T17:13:48-05:30', '2025-08-15T22:43:48.000Z'],
    ['2025-08-15T17:13:48+00:00', '2025-08-15T17:13:48.000Z'],
  ])('%s is taken as it is', (value, expected) => {
    expect(iso(seoul, value)).toBe(expected);
  });
});

describe('createVendorTimeReader: garbage', () => {
  const seoul = createVendorTimeReader('Asia/Seoul');
  it.each([
    null,
    undefined,
    42,
    {},
    '',
    'yesterday',
    'hello-1234',
    'x 2020-01-01Z',
    '2025-08-15',
    '17:13:48',
    '2025-02-30T10:00:00',
    '2025-13-01T00:00:00',
    '2025-00-10T00:00:00',
    '2025-01-01T24:00:00',
    '2025-01-01T23:60:00',
    '2025-01-01T23:59:60',
    '2025-01-01T10:00:00+24:00',
    '2025-01-01T10:00:00+09:60',
    'Mon, 01 Jan 2024 00:00:00 GMT',
    '2025-08-15T17:13:48 KST',
    '20250815T171348',
  ])('%j -> null', (value) => {
    expect(seoul(value)).toBeNull();
  });

  it('never throws and yields a valid Date or null for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/)), (value) => {
        const result = seoul(value);
        expect(result === null || !Number.isNaN(result.getTime())).toBe(true);
      }),
    );
  });
});
