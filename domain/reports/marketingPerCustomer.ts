import { keyParts } from './reportCounters';
import type { CounterTotals } from './reportCounters';
import { isHourBucket } from './sumOverHours';

/** How many marketing messages a customer was sent in a day, over the customer-days with at least one. */
export interface MarketingPerCustomer {
  readonly p50: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/**
 * Percentiles of the per-day histogram (`mpc|n` in day buckets: customers sent exactly n marketing messages
 * that day), over every customer-day of the totals' day buckets with at least one marketing message. Each
 * customer-day is one observation: a customer sent 3 on Monday and 1 on Tuesday counts as a 3 and a 1.
 *
 * Nearest rank: the p-th percentile is the smallest n that at least p of the customer-days do not exceed, so
 * every figure is a count someone really received. All three are null when no customer got any marketing
 * message (there is no distribution to describe; customers who got none are not counted, so 0 would be a
 * guess). Bins below 1 and bins that sum to 0 or less (a customer moving up a bin subtracts from the one
 * below) are no customer-days.
 */
export function marketingPerCustomer(totals: CounterTotals): MarketingPerCustomer {
  const bins = new Map<number, number>();
  for (const [bucket, counters] of Object.entries(totals)) {
    if (isHourBucket(bucket)) continue;
    for (const [key, by] of Object.entries(counters)) {
      if (!key.startsWith('mpc|')) continue;
      const parts = keyParts(key);
      if (parts.length !== 2 || !/^[1-9]\d*$/.test(parts[1])) continue;
      const n = Number(parts[1]);
      bins.set(n, (bins.get(n) ?? 0) + by);
    }
  }
  const histogram = [...bins].filter(([, days]) => days > 0).sort(([a], [b]) => a - b);
  const customerDays = histogram.reduce((sum, [, days]) => sum + days, 0);
  if (customerDays === 0) return { p50: null, p90: null, max: null };
  const percentile = (p: number) => {
    const rank = Math.ceil(p * customerDays);
    let seen = 0;
    for (const [n, days] of histogram) {
      seen += days;
      if (seen >= rank) return n;
    }
    return histogram[histogram.length - 1][0];
  };
  return { p50: percentile(0.5), p90: percentile(0.9), max: histogram[histogram.length - 1][0] };
}
