import { keyParts } from './reportCounters';
import type { CounterTotals } from './reportCounters';
import { marketingPerCustomer } from './marketingPerCustomer';
import type { MarketingPerCustomer } from './marketingPerCustomer';
import { hourBuckets } from './sumOverHours';

export type PressureBucket = 'hour' | 'day';

/** Decisions made: sent, suppressed (all reasons together) and deferred. */
export interface DecisionCounts {
  readonly sent: number;
  readonly suppressed: number;
  readonly scheduled: number;
}

/** `GET /v1/reports/contact-pressure` without from, to and bucket. */
export interface ContactPressureReport {
  readonly sent: number;
  /** Suppressions by reason (`holdout`, `frequency_cap:marketing-24h`, …). */
  readonly suppressed: Readonly<Record<string, number>>;
  readonly scheduled: number;
  readonly byChannel: Readonly<Record<string, DecisionCounts>>;
  readonly byCategory: Readonly<Record<string, DecisionCounts>>;
  readonly marketingPerCustomer: MarketingPerCustomer;
  /** In time order; a bucket without any decision is absent. */
  readonly series: readonly ({ readonly bucket: string } & DecisionCounts)[];
}

type Tally = { sent: number; suppressed: number; scheduled: number };
const DECISIONS = new Map<string, keyof Tally>([
  ['sent', 'sent'],
  ['sup', 'suppressed'],
  ['sched', 'scheduled'],
]);

const add = (map: Map<string, number>, name: string, by: number) => map.set(name, (map.get(name) ?? 0) + by);

function tallyOf(map: Map<string, Tally>, name: string): Tally {
  let tally = map.get(name);
  if (tally === undefined) map.set(name, (tally = { sent: 0, suppressed: 0, scheduled: 0 }));
  return tally;
}

/** The ISO time at which an hour bucket's hour, or its day, begins. */
function bucketStart(hour: string, size: PressureBucket): string {
  return size === 'hour' ? `${hour}:00:00.000Z` : `${hour.slice(0, 10)}T00:00:00.000Z`;
}

/**
 * Contact pressure over the totals: every decision counted in the hour it was made (the reader returns the
 * hours in [from, to)), totals by reason, channel and category, and a series by hour or by UTC day (hours
 * added up). `marketingPerCustomer` comes from the per-day histogram, whose day buckets cover whole days:
 * domain/reports/marketingPerCustomer.ts.
 */
export function contactPressureReport(totals: CounterTotals, bucket: PressureBucket): ContactPressureReport {
  const overall: Tally = { sent: 0, suppressed: 0, scheduled: 0 };
  const reasons = new Map<string, number>();
  const channels = new Map<string, Tally>();
  const categories = new Map<string, Tally>();
  const series = new Map<string, Tally>();
  for (const hour of hourBuckets(totals)) {
    for (const [key, by] of Object.entries(totals[hour])) {
      const decision = DECISIONS.get(key.split('|', 1)[0]);
      if (decision === undefined) continue;
      const parts = keyParts(key);
      // `sent`, `sched`, `sup|reason`: each decision once (the channel and category keys repeat it).
      const isTotal = parts.length === (decision === 'suppressed' ? 2 : 1);
      if (isTotal) {
        if (decision === 'suppressed') add(reasons, parts[1], by);
        overall[decision] += by;
        tallyOf(series, bucketStart(hour, bucket))[decision] += by;
      } else if (parts.length === 3 && (parts[1] === 'ch' || parts[1] === 'cat')) {
        tallyOf(parts[1] === 'ch' ? channels : categories, parts[2])[decision] += by;
      }
    }
  }
  return {
    sent: overall.sent,
    suppressed: Object.fromEntries(reasons),
    scheduled: overall.scheduled,
    byChannel: Object.fromEntries(channels),
    byCategory: Object.fromEntries(categories),
    marketingPerCustomer: marketingPerCustomer(totals),
    series: [...series]
      .filter(([, t]) => t.sent !== 0 || t.suppressed !== 0 || t.scheduled !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([start, t]) => ({ bucket: start, ...t })),
  };
}
