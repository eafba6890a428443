import type { CounterIncrement, CounterTotals } from '../reports/reportCounters';
import { counterFamily, dayBucket } from '../reports/reportCounters';

/**
 * The topic day counters (family `td`): every counter of the topic family (`t|scored|…`, `t|mention|…`,
 * `t|event|…`, domain/topics/topicCounters.ts) again, in the UTC DAY its hour belongs to, as
 * `td|scored|…`, `td|mention|…`, `td|event|…`. A day's document holds one bucket instead of 24 hours of every
 * topic mention: `GET /v1/metrics/topics` reads whole days of its range from here and only the hours of the
 * partial days at its edges from the topic family (planTopicReads).
 * Not counted by the workflow: `countReports` adds them beside each topic increment of a batch
 * (`withTopicDayCounters`), so no workflow code changed and the batch's exactly-once marks cover them. The
 * alert rules keep reading the hourly topic family.
 */
export const TOPIC_DAY_PREFIX = `${counterFamily.topicDays}|`;
const TOPIC_PREFIX = `${counterFamily.topics}|`;
const HOUR_BUCKET = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A topic family key's day twin: `t|mention|chat|delay|negative` → `td|mention|chat|delay|negative`. */
export function topicDayKey(topicKey: string): string {
  return `${TOPIC_DAY_PREFIX}${topicKey.slice(TOPIC_PREFIX.length)}`;
}

/** The day twins of a batch's topic increments (hour buckets only), after the batch's own increments. */
export function withTopicDayCounters(increments: readonly CounterIncrement[]): CounterIncrement[] {
  const twins: CounterIncrement[] = [];
  for (const increment of increments) {
    if (!increment.key.startsWith(TOPIC_PREFIX) || !HOUR_BUCKET.test(increment.bucket)) continue;
    twins.push({
      bucket: dayBucket(`${increment.bucket}:00:00Z`),
      key: topicDayKey(increment.key),
      by: increment.by,
    });
  }
  return twins.length === 0 ? [...increments] : [...increments, ...twins];
}

/**
 * The day family's totals written as the topic family's: each key back to its `t|…` name, and each day's
 * figures in the day's first hour (`YYYY-MM-DDT00`), so that the readers of hourly topic counters (they sum
 * hours, or group them by day) give the same answer. Only for whole days read from the day family: that hour
 * then stands for the whole day, and the day's own hours are not read.
 */
export function dayTotalsAsTopicHours(totals: CounterTotals): CounterTotals {
  const out: CounterTotals = {};
  for (const [bucket, keys] of Object.entries(totals)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(bucket)) continue;
    const hour: Record<string, number> = {};
    for (const [key, by] of Object.entries(keys)) {
      if (!key.startsWith(TOPIC_DAY_PREFIX)) continue;
      const topicKey = `${TOPIC_PREFIX}${key.slice(TOPIC_DAY_PREFIX.length)}`;
      hour[topicKey] = (hour[topicKey] ?? 0) + by;
    }
    out[`${bucket}T00`] = hour;
  }
  return out;
}

/** A half-open range of time [from, to), in ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** What to read for some periods: hour ranges from the topic family, whole-day ranges from the day family. */
export interface TopicReadPlan {
  hours: TimeRange[];
  days: TimeRange[];
}

/**
 * Which parts of `periods` (hour-aligned) to read from which family. A UTC day wholly inside one period and
 * starting at or after `since` — the time from which the day family counts every event
 * (storage/reportCounters.ts, topicDayCountingSince; undefined: it never did) — is read from the day family;
 * every other hour from the topic family. Adjacent ranges are joined, so a day document is never read twice
 * (a period ending inside the day the next one starts in). The two families count the same increments, so the
 * totals are the same as the topic family's alone.
 */
export function planTopicReads(periods: readonly TimeRange[], since: number | undefined): TopicReadPlan {
  const hours: TimeRange[] = [];
  const days: TimeRange[] = [];
  const firstDay = since === undefined ? Infinity : Math.ceil(since / DAY_MS) * DAY_MS;
  for (const { from, to } of periods) {
    if (from % HOUR_MS !== 0 || to % HOUR_MS !== 0) {
      throw new RangeError('planTopicReads: periods are whole UTC hours');
    }
    if (!(to > from)) continue;
    const dayFrom = Math.max(Math.ceil(from / DAY_MS) * DAY_MS, firstDay);
    const dayTo = Math.floor(to / DAY_MS) * DAY_MS;
    if (dayFrom < dayTo) {
      days.push({ from: dayFrom, to: dayTo });
      if (from < dayFrom) hours.push({ from, to: dayFrom });
      if (dayTo < to) hours.push({ from: dayTo, to });
    } else {
      hours.push({ from, to });
    }
  }
  return { hours: joined(hours), days: joined(days) };
}

function joined(ranges: TimeRange[]): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: TimeRange[] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else out.push({ ...range });
  }
  return out;
}

/** Totals added up, bucket by bucket and key by key. */
export function addTotals(...all: readonly CounterTotals[]): CounterTotals {
  const out: CounterTotals = {};
  for (const totals of all) {
    for (const [bucket, keys] of Object.entries(totals)) {
      const sum = (out[bucket] ??= {});
      for (const [key, by] of Object.entries(keys)) sum[key] = (sum[key] ?? 0) + by;
    }
  }
  return out;
}

/** The hour buckets of `totals` whose hour starts in [from, to). */
export function hoursWithin(totals: CounterTotals, { from, to }: TimeRange): CounterTotals {
  const out: CounterTotals = {};
  for (const [bucket, keys] of Object.entries(totals)) {
    if (!HOUR_BUCKET.test(bucket)) continue;
    const hour = Date.parse(`${bucket}:00:00Z`);
    if (from <= hour && hour < to) out[bucket] = keys;
  }
  return out;
}
