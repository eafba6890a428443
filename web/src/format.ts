// Every time in the viewer's own zone and every number in their locale: the API answers UTC and raw numbers.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const whole = new Intl.NumberFormat();
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signedOneDecimal = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const twoDecimals = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

/** The viewer's zone, said once beside the times so nobody wonders which zone they are in. */
export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDay(iso: string): string {
  return dateOnly.format(new Date(iso));
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : whole.format(n);
}

/** NSS in points, signed: "+12.5", "−3.0"; "no data" for a null (nothing counted is not 0). */
export function formatNss(nss: number | null | undefined): string {
  return nss === null || nss === undefined ? 'no data' : signedOneDecimal.format(nss);
}

/** A sentiment score (−1..1). */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : twoDecimals.format(score);
}

export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${oneDecimal.format(rate * 100)} %`;
}
