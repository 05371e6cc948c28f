/**
 * The vendor writes date-times as ISO 8601 without an offset ("2025-08-15T17:13:48", reference §5),
 * in a zone the docs do not name. We read them in the configured zone (MI_TIME_ZONE) and turn them
 * into real instants. Strings that do carry an offset or `Z` are taken as they are. Anything else,
 * including impossible calendar values such as February 30, is unreadable (null): `new Date()`
 * would roll those over or guess at free text.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MS = 86_400_000;

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
    era: 'short',
  });
  const offsetCache = new Map<number, number>();

  /**
   * Offset (ms) of the zone from UTC at the given instant, cached per minute: some zones change
   * offset on the half hour (Australia/Lord_Howe), so an hour bucket would be wrong for 30 minutes.
   */
  const offsetAt = (epochMs: number): number => {
    const bucket = Math.floor(epochMs / 60_000);
    const cached = offsetCache.get(bucket);
    if (cached !== undefined) return cached;
    const at = bucket * 60_000;
    const parts = formatter.formatToParts(new Date(at));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
    const asUtc = utcOf(bc ? 1 - get('year') : get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second'), 0);
    const offset = asUtc - at;
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(bucket, offset);
    return offset;
  };

  /**
   * The instant of a wall-clock time in the zone, disambiguated as Temporal's 'compatible' does:
   * in a DST overlap the earlier instant, in a DST gap the wall time moved forward by the gap.
   */
  const fromWallTime = (wall: number): number => {
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    // The common case, no offset change near this time: one reading, checked.
    if (before === after && offsetAt(wall - before) === before) return wall - before;
    const valid = [before, after].map((offset) => wall - offset).filter((instant) => wall - offsetAt(instant) === instant);
    if (valid.length > 0) return Math.min(...valid);
    return wall - before; // in the gap: read with the offset in force before it, which lands after it
  };

  return (value) => {
    if (typeof value !== 'string') return null;
    const m = DATE_TIME.exec(value.trim());
    if (!m) return null;
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    if (hour > 23 || minute > 59 || second > 59) return null;
    const wall = utcOf(year, month, day, hour, minute, second, ms);
    const check = new Date(wall);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() + 1 !== month || check.getUTCDate() !== day) return null;
    const zone = m[8];
    if (zone === undefined) return new Date(fromWallTime(wall));
    const offset = toOffsetMs(zone);
    return offset === null ? null : new Date(wall - offset);
  };
}

/** Epoch ms of a UTC calendar time; unlike Date.UTC, years 0 to 99 stay themselves. */
function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/** `Z`, `+09`, `+0900` or `+09:00` as milliseconds east of UTC; null past ±23:59. */
function toOffsetMs(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(3).replace(':', '') || '0');
  if (hours > 23 || minutes > 59) return null;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
