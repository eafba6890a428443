import type { CounterBucket, CounterTotals } from './reportCounters';

const HOUR_BUCKET = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

/** An hour bucket (`YYYY-MM-DDTHH`), as opposed to a day bucket (`YYYY-MM-DD`, the per-day histogram only). */
export function isHourBucket(bucket: CounterBucket): boolean {
  return HOUR_BUCKET.test(bucket);
}

/**
 * The hour buckets of the totals, in time order (zero-padded UTC keys: string order is time order). The
 * reader returns only the hours inside the range asked for, so every hour bucket here counts.
 */
export function hourBuckets(totals: CounterTotals): CounterBucket[] {
  return Object.keys(totals).filter(isHourBucket).sort();
}

/** One counter added up over every hour bucket of the totals; 0 when it never moved. */
export function sumOverHours(totals: CounterTotals, key: string): number {
  let sum = 0;
  for (const bucket of hourBuckets(totals)) sum += totals[bucket][key] ?? 0;
  return sum;
}
