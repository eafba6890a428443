/** A period the viewer picked as calendar days in their own zone: from the start of `from` to the end of `to`. */
export interface DayRange {
  /** yyyy-mm-dd, as an <input type="date"> holds it. */
  from: string;
  to: string;
}

export type Bucket = 'hour' | 'day';

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last `days` days, today included. */
export function lastDays(days: number, now = new Date()): DayRange {
  const start = new Date(now);
  start.setDate(start.getDate() - (days - 1));
  return { from: isoDay(start), to: isoDay(now) };
}

function localMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** The range as the API takes it: instants with a zone, `to` exclusive (the midnight after the last day). */
export function rangeQuery(range: DayRange): { from: string; to: string } {
  const end = localMidnight(range.to);
  end.setDate(end.getDate() + 1);
  return { from: localMidnight(range.from).toISOString(), to: end.toISOString() };
}

/** Why a picked range cannot be asked for, in words; null when it can. */
export function rangeProblem(range: DayRange): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(range.from) || !/^\d{4}-\d{2}-\d{2}$/.test(range.to)) {
    return 'Pick both a first and a last day.';
  }
  if (range.from > range.to) return 'The first day must not be after the last day.';
  return null;
}
