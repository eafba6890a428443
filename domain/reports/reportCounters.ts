import type { HoldoutGroup } from '../holdout/assignment';

/**
 * The report counters (docs/DESIGN.md, "Reports"): what the customer workflow counts at write time so that
 * a report over any number of customers reads a few documents by `_id` instead of aggregating (FerretDB
 * cannot, see storage/README.md). The customer workflow is the one writer of its customer's increments;
 * storage/reportCounters.ts adds them up, exactly once each, into one document per (workspace, UTC day,
 * shard of customers). This module is the words both sides share: buckets, counter keys, increments.
 */

/**
 * Where an increment lands in time: a UTC hour `YYYY-MM-DDTHH` for almost everything, or a UTC day
 * `YYYY-MM-DD` for the one per-day figure (marketing messages per customer per day).
 */
export type CounterBucket = string;

export function hourBucket(at: string | number): CounterBucket {
  return new Date(at).toISOString().slice(0, 13);
}

export function dayBucket(at: string | number): CounterBucket {
  return new Date(at).toISOString().slice(0, 10);
}

/** The UTC day a bucket belongs to: the document it is stored in. */
export function dayOfBucket(bucket: CounterBucket): string {
  return bucket.slice(0, 10);
}

/** One counter changed by `by` (negative only for the per-day histogram, which moves a customer up a bin). */
export interface CounterIncrement {
  bucket: CounterBucket;
  key: string;
  by: number;
}

/**
 * A customer's increments in the order the workflow made them. `seq` grows with every batch a customer's
 * workflow writes (carried across continue-as-new): storage applies a batch to a document only if it has
 * not applied that customer's batch `seq` (or a later one) there before, so a retried write counts once.
 */
export interface CounterBatch {
  workspace: string;
  customerId: string;
  seq: number;
  increments: CounterIncrement[];
}

/**
 * Counters stored, and read, together: contact pressure; one uplift scope's cohorts; one journey's funnel. A
 * report reads only its family, so what it reads does not grow with the number of journeys and campaigns.
 */
export type CounterFamily = string;

export const counterFamily = {
  contactPressure: 'cp' as CounterFamily,
  uplift: (scope: UpliftScope): CounterFamily => `u|${keyPart(scope)}`,
  funnel: (journey: string): CounterFamily => `f|${keyPart(journey)}`,
  /** Scored events and topic mentions (domain/topics/topicCounters.ts): topic metrics, drivers, alerts. */
  topics: 't' as CounterFamily,
  /** Survey answers (CSAT, NPS, CES) by channel and journey. */
  surveys: 'k' as CounterFamily,
  /**
   * Human engagement by hour of the week and messages received by channel: the workspace's send-time prior
   * (domain/personalization/workspaceEngagementCounters.ts).
   */
  engagement: 'e' as CounterFamily,
  /**
   * Scored events by channel and label only (domain/sentiment/sentimentCounters.ts): what net sentiment reads,
   * without the topic mentions that make the topic family's documents ten times larger.
   */
  sentiment: 's' as CounterFamily,
  /**
   * The topic family's counters again per UTC day (domain/topics/topicDayCounters.ts): what the topic metrics
   * read for whole days, one bucket a day instead of 24 hours of every mention.
   */
  topicDays: 'td' as CounterFamily,
} as const;

/** The family a counter key belongs to (the key's kind and, for cohorts and funnels, its scope or journey). */
export function familyOfKey(key: string): CounterFamily {
  const [kind, name] = key.split('|');
  if (
    kind === counterFamily.topics ||
    kind === counterFamily.surveys ||
    kind === counterFamily.engagement ||
    kind === counterFamily.sentiment ||
    kind === counterFamily.topicDays
  ) {
    return kind;
  }
  return (kind === 'u' || kind === 'f') && name !== undefined
    ? `${kind}|${name}`
    : counterFamily.contactPressure;
}

/** Counters summed over shards, per bucket, as the report routes read them. */
export type CounterTotals = Record<CounterBucket, Record<string, number>>;

/** The scope of an uplift cohort: everyone, one journey's runs, or one campaign's recipients. */
export type UpliftScope = 'global' | `journey:${string}` | `campaign:${string}`;

/** Funnel metrics of one message step of a journey, counted on the run's entry hour. */
export const STEP_METRICS = [
  'reached',
  'sent',
  'suppressed',
  'delivered',
  'opened',
  'clicked',
  'converted',
] as const;
export type StepMetric = (typeof STEP_METRICS)[number];

/**
 * Components are percent-encoded (and `.` too, which a MongoDB field name may not hold), so that any
 * journey, campaign, step, goal or reason name makes one unambiguous key joined with `|`.
 */
export function keyPart(part: string): string {
  return encodeURIComponent(part).replace(/\./g, '%2E');
}

export function keyParts(key: string): string[] {
  return key.split('|').map((part) => decodeURIComponent(part));
}

const join = (...parts: string[]) => parts.map(keyPart).join('|');

/**
 * The counter keys. Contact pressure is counted in the hour of the decision; cohorts (uplift and funnel)
 * in the hour their unit entered — so a conversion days later adds to the hour its run began.
 */
export const counterKey = {
  /** A message decided `sent`, by channel and by category. */
  sent: () => join('sent'),
  sentByChannel: (channel: string) => join('sent', 'ch', channel),
  sentByCategory: (category: string) => join('sent', 'cat', category),
  /** A message decided `suppressed`, by reason, channel and category. */
  suppressed: (reason: string) => join('sup', reason),
  suppressedByChannel: (channel: string) => join('sup', 'ch', channel),
  suppressedByCategory: (category: string) => join('sup', 'cat', category),
  /** A message deferred (`scheduled`): each deferral decided in the hour. */
  scheduled: () => join('sched'),
  scheduledByChannel: (channel: string) => join('sched', 'ch', channel),
  scheduledByCategory: (category: string) => join('sched', 'cat', category),
  /**
   * Day bucket: customers who were sent exactly `n` marketing messages that day (n ≥ 1). A customer's
   * n-th send of the day moves them from bin n−1 to bin n.
   */
  marketingPerCustomer: (n: number) => join('mpc', String(n)),
  /** An uplift cohort entry (a journey run began, a campaign's first request, a customer's first event). */
  cohortEntered: (scope: UpliftScope, goal: string, arm: HoldoutGroup) =>
    join('u', scope, goal, arm, 'entered'),
  /** That entry converted on `goal` within its window; at most once per entry. */
  cohortConverted: (scope: UpliftScope, goal: string, arm: HoldoutGroup) =>
    join('u', scope, goal, arm, 'converted'),
  /** A run of the journey entered, per arm (runs without an arm count as treatment). */
  funnelEntered: (journey: string, arm: HoldoutGroup) => join('f', journey, arm, 'entered'),
  /** The run converted on the journey's goal. */
  funnelConverted: (journey: string, arm: HoldoutGroup) => join('f', journey, arm, 'converted'),
  /** The run ended, by reason (an exit reason, a completed journey's outcome, `failed`, `cancelled`). */
  funnelExit: (journey: string, arm: HoldoutGroup, reason: string) => join('f', journey, arm, 'exit', reason),
  /** A message step of the run: its request reached the ledger, was sent, …, was the last send before a conversion. */
  funnelStep: (journey: string, arm: HoldoutGroup, step: string, metric: StepMetric) =>
    join('f', journey, arm, 'step', step, metric),
} as const;
