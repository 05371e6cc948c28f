/**
 * DateTime input for the vendor (CONTRACT-vendor-surface §0): the instant in the configured zone
 * (MI_TIME_ZONE), written `YYYY-MM-DDTHH:mm:ss` without an offset, as the vendor writes its own times.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function toVendorLocalTime(instant: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(instant)) part[type] = value;
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
}
