/**
 * The vendor writes date-times as ISO 8601 without an offset ("2025-08-15T17:13:48", reference §5),
 * in a zone the docs do not name. We read them in the configured zone (MI_TIME_ZONE) and turn them
 * into real instants. Strings that do carry an offset or `Z` are taken as they are.
 */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

export type VendorTimeReader = (value: unknown) => Date | null;

export function createVendorTimeReader(timeZone: string): VendorTimeReader {
  // One cached formatter: building Intl objects per call is the expensive part.
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetCache = new Map<number, number>();

  /** Offset (ms) of the zone from UTC at the given instant, cached per hour bucket. */
  const offsetAt = (epochMs: number): number => {
    const bucket = Math.floor(epochMs / 3_600_000);
    const cached = offsetCache.get(bucket);
    if (cached !== undefined) return cached;
    const parts = formatter.formatToParts(new Date(bucket * 3_600_000));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    const offset = asUtc - bucket * 3_600_000;
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(bucket, offset);
    return offset;
  };

  return (value) => {
    if (typeof value !== 'string') return null;
    const text = value.trim();
    if (HAS_OFFSET.test(text)) {
      const instant = new Date(text);
      return Number.isNaN(instant.getTime()) ? null : instant;
    }
    const m = LOCAL_DATE_TIME.exec(text);
    if (!m) return null;
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms);
    if (Number.isNaN(wall)) return null;
    // Two passes settle the offset around DST changes (the first guess may sit on the other side).
    let instant = wall - offsetAt(wall);
    instant = wall - offsetAt(instant);
    return new Date(instant);
  };
}
