/**
 * MI writes date-times without an offset ("2026-03-02T09:20:11"); the zone is undocumented (KST likely).
 * We render them in a configurable zone so gateway code cannot quietly assume UTC.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

// Building an Intl.DateTimeFormat is expensive, and every response formats several times.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws RangeError for an unknown zone, so a bad option fails at start-up, not on the first request. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export function formatLocalDateTime(epochMs: number, timeZone: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}
