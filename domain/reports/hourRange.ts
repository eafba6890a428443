const HOUR_MS = 3_600_000;

/**
 * The counters are kept per UTC hour, so a report can only cover whole hours: `from` is rounded down and
 * `to` up to the hour (2026-03-10T09:30Z–11:10Z reads 09:00–12:00). The rounded range is the one reported.
 */
export function roundOutToHours(from: Date, to: Date): { from: Date; to: Date } {
  return {
    from: new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS),
    to: new Date(Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS),
  };
}
