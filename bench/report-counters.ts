// bench/report-counters: what report counters (storage/reportCounters.ts) cost on the store at a realistic
// size — reading a 1-day and a 7-day report of one counter family, and counting batches through the real
// write path — beside a single findById of one customer document measured in the same run.
//   npm run bench:report-counters -- [--customers 100000] [--days 7] [--writers 2000] [--lanes 16] [--reads 20]
// A week of counters is written directly (insertMany, 50 documents at a time), as addCounterBatch would have
// left it: one document per (workspace, family, UTC day, shard of REPORT_COUNTER_SHARDS). Each of --customers
// customers is active on one of --days days, in 1–3 hours, and writes its workflow's batches in time order:
// a global uplift entry (~20% convert), a campaign send with its campaign cohort entry (one of 10 campaigns),
// 0–2 transactional or service messages, and for ~30% a run of one cart-recovery journey (2 arms, 3 message
// steps with deliveries, opens and clicks, an exit by reason) — contact pressure, the marketing-sends-per-day
// histogram and the funnel counted with the real counterKey keys, in the documents familyOfKey,
// reportCounterShard and reportCounterKey give them, `c` nested by bucket. Each document's `marks` holds what
// later writes leave of it: the marks of its last MARKS_KEPT batches, by customer tag. Then --writers customers count one batch each (a decision's contact
// pressure and its journey step, as at 23:30 of the last day) through addCounterBatch, --lanes at a time,
// into that full week and into an empty workspace. Every read is checked against the totals the bench
// computed itself.
// Starts its own embedded FerretDB; with MONGODB_URI set, uses that server (a throwaway database in it).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BSON } from 'mongodb';
import type { Service } from '../dev/childProcess';
import { freePort } from '../dev/childProcess';
import { startEmbeddedMongo } from '../dev/embeddedMongo';
import { ensureFerretDb } from '../dev/tools';
import type { HoldoutGroup } from '../domain/holdout/assignment';
import type {
  CounterBatch,
  CounterFamily,
  CounterIncrement,
  CounterTotals,
} from '../domain/reports/reportCounters';
import {
  counterFamily,
  counterKey,
  dayBucket,
  dayOfBucket,
  familyOfKey,
  hourBucket,
} from '../domain/reports/reportCounters';
import { loadConfig } from '../platform/config';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import type { Storage } from '../storage/connection';
import { openStorage } from '../storage/connection';
import { customerKey } from '../storage/documentKeys';
import type { ReportCounterDocument } from '../storage/reportCounters';
import {
  REPORT_COUNTER_SHARDS,
  MARKS_KEPT,
  addCounterBatch,
  batchesSince,
  markTag,
  packMark,
  readCounterTotals,
  reportCounterKey,
  reportCounterShard,
} from '../storage/reportCounters';
import { assertAll, median, percentile } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '7' },
    writers: { type: 'string', default: '2000' },
    lanes: { type: 'string', default: '16' },
    reads: { type: 'string', default: '20' },
  },
});
const CUSTOMERS = Number(values.customers);
const DAYS = Number(values.days);
const WRITERS = Number(values.writers);
const LANES = Number(values.lanes);
const READS = Number(values.reads);
const INSERT_BATCH = 50;
const WORKSPACE = 'bench';
const FRESH = 'bench-fresh';
const FIRST_DAY = Date.UTC(2026, 10, 23);
const LAST_DAY = FIRST_DAY + (DAYS - 1) * 86_400_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const GOAL = 'purchase';
const JOURNEY = 'cartRecovery';
const STEPS = ['first', 'reminder', 'offer'] as const;
const CAMPAIGNS = Array.from({ length: 10 }, (_, i) => `campaign-${i + 1}`);
const CHANNELS = ['email', 'email', 'email', 'push', 'push', 'sms', 'in_app'];
const REASONS = ['quiet_hours', 'frequency_cap', 'no_consent', 'unreachable', 'cooldown', 'duplicate'];
const EXITS = ['unsubscribed', 'failed', 'cancelled'];

/** A small deterministic generator, so every run counts the same customers. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** A batch the customer's workflow writes at `at` (epoch ms; its marks' hour). */
interface TimedBatch {
  at: number;
  increments: CounterIncrement[];
}

/**
 * One customer's batches on their day, in the order their workflow writes them: what countDecisions,
 * countJourneyStarted/Ended, openEntry and countEvent would count for their entry, decisions and events.
 */
function customerBatches(customer: number, dayStart: number): TimedBatch[] {
  const next = random(customer * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const hours = 1 + Math.floor(next() * 3);
  const firstHour = Math.floor(next() * (25 - hours));
  const dayEnd = dayStart + DAY_MS - 1;
  const within = (at: number) => Math.min(at, dayEnd);
  const activeAt = () => dayStart + (firstHour + Math.floor(next() * hours)) * HOUR_MS + next() * HOUR_MS;
  const globalArm: HoldoutGroup = next() < 0.1 ? 'control' : 'treatment';
  const events: { at: number; increments: () => CounterIncrement[] }[] = [];
  const at = (t: number, increments: () => CounterIncrement[]) =>
    events.push({ at: Math.floor(t), increments });
  let marketingSends = 0;

  /** A decision's contact-pressure increments (and its marketing send in the day's histogram). */
  const decision = (t: number, category: string, outcome: 'sent' | 'suppressed' | 'scheduled') => {
    const bucket = hourBucket(t);
    const channel = pick(CHANNELS);
    const add = (key: string, by = 1, where = bucket) => ({ bucket: where, key, by });
    if (outcome === 'sent') {
      const out = [
        add(counterKey.sent()),
        add(counterKey.sentByChannel(channel)),
        add(counterKey.sentByCategory(category)),
      ];
      if (category !== 'transactional' && category !== 'service') {
        const count = ++marketingSends;
        out.push(add(counterKey.marketingPerCustomer(count), 1, dayBucket(t)));
        if (count > 1) out.push(add(counterKey.marketingPerCustomer(count - 1), -1, dayBucket(t)));
      }
      return out;
    }
    if (outcome === 'suppressed') {
      return [
        add(counterKey.suppressed(pick(REASONS))),
        add(counterKey.suppressedByChannel(channel)),
        add(counterKey.suppressedByCategory(category)),
      ];
    }
    return [
      add(counterKey.scheduled()),
      add(counterKey.scheduledByChannel(channel)),
      add(counterKey.scheduledByCategory(category)),
    ];
  };
  const outcome = () => {
    const r = next();
    return r < 0.7 ? 'sent' : r < 0.9 ? 'suppressed' : 'scheduled';
  };

  // The first event opens the global cohort entry; ~20% convert 1–4 hours later.
  const entered = activeAt();
  const enteredBucket = hourBucket(entered);
  at(entered, () => [
    { bucket: enteredBucket, key: counterKey.cohortEntered('global', GOAL, globalArm), by: 1 },
  ]);
  const converts = next() < 0.2;
  const convertedAt = converts ? within(entered + HOUR_MS + next() * 3 * HOUR_MS) : Infinity;

  // A campaign's marketing request: its decision, and the campaign's cohort entry.
  const campaign = `campaign:${pick(CAMPAIGNS)}` as const;
  const campaignAt = activeAt();
  const campaignOutcome = outcome();
  at(campaignAt, () => [
    ...decision(campaignAt, 'promotion', campaignOutcome),
    { bucket: hourBucket(campaignAt), key: counterKey.cohortEntered(campaign, GOAL, globalArm), by: 1 },
  ]);

  // A few messages that are not marketing.
  for (let n = Math.floor(next() * 3); n > 0; n--) {
    const t = activeAt();
    const category = next() < 0.6 ? 'transactional' : 'service';
    const o = next() < 0.95 ? 'sent' : 'suppressed';
    at(t, () => decision(t, category, o));
  }

  // ~30%: a run of the cart-recovery journey, 15% of runs in its control arm.
  const inJourney = next() < 0.3;
  const runAt = activeAt();
  const runBucket = hourBucket(runAt);
  const arm: HoldoutGroup = next() < 0.15 ? 'control' : 'treatment';
  const runConverts = convertedAt > runAt;
  let lastSent: string | undefined;
  let runExit: string | undefined;
  if (inJourney) {
    at(runAt, () => [
      { bucket: runBucket, key: counterKey.funnelEntered(JOURNEY, arm), by: 1 },
      { bucket: runBucket, key: counterKey.cohortEntered(`journey:${JOURNEY}`, GOAL, arm), by: 1 },
    ]);
    let endedAt = within(runAt + 3 * HOUR_MS);
    let exit = 'completed';
    if (arm === 'treatment') {
      for (const [i, step] of STEPS.entries()) {
        const t = within(runAt + i * HOUR_MS + 5 * MINUTE_MS);
        if (t >= convertedAt) break;
        const o = outcome();
        const category = step === 'offer' ? 'promotion' : 'reminder';
        const stepKey = (metric: Parameters<typeof counterKey.funnelStep>[3]) => ({
          bucket: runBucket,
          key: counterKey.funnelStep(JOURNEY, arm, step, metric),
          by: 1,
        });
        at(t, () => [
          ...decision(t, category, o),
          stepKey('reached'),
          ...(o === 'sent' ? [stepKey('sent')] : o === 'suppressed' ? [stepKey('suppressed')] : []),
        ]);
        if (o !== 'sent') continue;
        lastSent = step;
        const delivered = next() < 0.95;
        const opened = delivered && next() < 0.45;
        const clicked = opened && next() < 0.25;
        if (delivered) at(within(t + MINUTE_MS), () => [stepKey('delivered')]);
        if (opened) at(within(t + 20 * MINUTE_MS), () => [stepKey('opened')]);
        if (clicked) at(within(t + 25 * MINUTE_MS), () => [stepKey('clicked')]);
        if (i === 0 && next() < 0.05) {
          exit = EXITS[Math.floor(next() * EXITS.length)];
          endedAt = within(t + 30 * MINUTE_MS);
          break;
        }
      }
    }
    if (runConverts && convertedAt <= endedAt) {
      exit = 'goal';
      endedAt = convertedAt;
    }
    const reason = (runExit = exit);
    at(within(endedAt + 1), () => [
      { bucket: runBucket, key: counterKey.funnelExit(JOURNEY, arm, reason), by: 1 },
    ]);
  }

  // The conversion: every open entry it converts, the run's funnel and the step that led to it.
  if (converts) {
    const journeyConverted = runExit === 'goal';
    at(convertedAt, () => [
      { bucket: enteredBucket, key: counterKey.cohortConverted('global', GOAL, globalArm), by: 1 },
      ...(convertedAt > campaignAt
        ? [
            {
              bucket: hourBucket(campaignAt),
              key: counterKey.cohortConverted(campaign, GOAL, globalArm),
              by: 1,
            },
          ]
        : []),
      ...(journeyConverted
        ? [
            { bucket: runBucket, key: counterKey.funnelConverted(JOURNEY, arm), by: 1 },
            { bucket: runBucket, key: counterKey.cohortConverted(`journey:${JOURNEY}`, GOAL, arm), by: 1 },
            ...(lastSent
              ? [
                  {
                    bucket: runBucket,
                    key: counterKey.funnelStep(JOURNEY, arm, lastSent, 'converted'),
                    by: 1,
                  },
                ]
              : []),
          ]
        : []),
    ]);
  }
  return events
    .map((e, order) => ({ ...e, order }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((e) => ({ at: e.at, increments: e.increments() }));
}

/** Expected totals, per family: every increment the bench wrote, however it wrote it. */
type FamilyTotals = Map<CounterFamily, CounterTotals>;

function addTo(expected: FamilyTotals, increments: CounterIncrement[]): void {
  for (const { bucket, key, by } of increments) {
    const family = familyOfKey(key);
    let totals = expected.get(family);
    if (!totals) expected.set(family, (totals = {}));
    const keys = (totals[bucket] ??= {});
    keys[key] = (keys[key] ?? 0) + by;
  }
}

/**
 * The documents addCounterBatch leaves after a week of every customer's batches, built in memory as it builds
 * them: a batch's increments grouped by document (family, day, the customer's shard) and summed per
 * `c.<bucket>.<key>`, a mark `marks.<markTag>` = packMark(seq, n) for each document it touched (n: the document's
 * batches so far), and, on each document, only the marks of its last MARKS_KEPT batches (a later write unsets
 * older ones).
 */
function filledDocuments(): { docs: ReportCounterDocument[]; expected: FamilyTotals; batches: number } {
  const docs = new Map<string, ReportCounterDocument>();
  const expected: FamilyTotals = new Map();
  let batches = 0;
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    const customerId = `customer-${customer}`;
    const dayStart = FIRST_DAY + (customer % DAYS) * DAY_MS;
    const shard = reportCounterShard(customerId);
    const tag = markTag(customerId);
    let seq = 0;
    for (const { increments } of customerBatches(customer, dayStart)) {
      seq++;
      batches++;
      const touched = new Map<string, Map<string, number>>();
      for (const { bucket, key, by } of increments) {
        const family = familyOfKey(key);
        const day = dayOfBucket(bucket);
        const _id = reportCounterKey(WORKSPACE, family, day, shard);
        if (!docs.has(_id))
          docs.set(_id, { _id, workspace: WORKSPACE, family, day, shard, c: {}, n: 0, marks: {} });
        let paths = touched.get(_id);
        if (!paths) touched.set(_id, (paths = new Map()));
        const path = `${bucket}\0${key}`;
        paths.set(path, (paths.get(path) ?? 0) + by);
      }
      for (const [_id, paths] of touched) {
        if (![...paths.values()].some((by) => by !== 0)) continue;
        const doc = docs.get(_id)!;
        for (const [path, by] of paths) {
          if (by === 0) continue;
          const [bucket, key] = path.split('\0');
          const counts = (doc.c[bucket] ??= {});
          counts[key] = (counts[key] ?? 0) + by;
        }
        doc.n = doc.n! + 1;
        doc.marks![tag] = packMark(seq, doc.n);
      }
      addTo(expected, increments);
    }
  }
  for (const doc of docs.values()) {
    for (const [tag, mark] of Object.entries(doc.marks!)) {
      if (batchesSince(mark, doc.n!) >= MARKS_KEPT) delete doc.marks![tag];
    }
  }
  return { docs: [...docs.values()], expected, batches };
}

function summary(label: string, millis: number[]): string {
  const sorted = [...millis].sort((a, b) => a - b);
  return `${label}: median ${median(sorted).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms`;
}

async function timeEach(times: number, op: () => Promise<unknown>): Promise<number[]> {
  const millis: number[] = [];
  for (let n = 0; n < times; n++) {
    const started = performance.now();
    await op();
    millis.push(performance.now() - started);
  }
  return millis;
}

/** The clock of the writes: 23:30 on the last day, so they land in today's documents among today's marks. */
const WRITE_CLOCK = LAST_DAY + 23 * HOUR_MS + 30 * MINUTE_MS;

/**
 * A writer's batch, as its workflow writes it for one decision: the decision's contact pressure (a marketing
 * send, the customer's second of the day, moves them up the histogram) and its journey step, in the hour its
 * run entered.
 */
function writerBatch(workspace: string, i: number): CounterBatch {
  const next = random(1_000_003 + i);
  const bucket = hourBucket(WRITE_CLOCK);
  const day = dayBucket(WRITE_CLOCK);
  const runBucket = hourBucket(WRITE_CLOCK - 2 * HOUR_MS);
  const arm: HoldoutGroup = next() < 0.15 ? 'control' : 'treatment';
  const channel = CHANNELS[Math.floor(next() * CHANNELS.length)];
  const step = (metric: Parameters<typeof counterKey.funnelStep>[3]) => ({
    bucket: runBucket,
    key: counterKey.funnelStep(JOURNEY, arm, 'reminder', metric),
    by: 1,
  });
  const r = next();
  const increments: CounterIncrement[] =
    r < 0.75
      ? [
          { bucket, key: counterKey.sent(), by: 1 },
          { bucket, key: counterKey.sentByChannel(channel), by: 1 },
          { bucket, key: counterKey.sentByCategory('reminder'), by: 1 },
          { bucket: day, key: counterKey.marketingPerCustomer(2), by: 1 },
          { bucket: day, key: counterKey.marketingPerCustomer(1), by: -1 },
          step('reached'),
          step('sent'),
          { bucket: runBucket, key: counterKey.funnelStep(JOURNEY, arm, 'first', 'opened'), by: 1 },
        ]
      : [
          { bucket, key: counterKey.suppressed(REASONS[Math.floor(next() * REASONS.length)]), by: 1 },
          { bucket, key: counterKey.suppressedByChannel(channel), by: 1 },
          { bucket, key: counterKey.suppressedByCategory('reminder'), by: 1 },
          step('reached'),
          step('suppressed'),
        ];
  return { workspace, customerId: `writer-${i}`, seq: 1, increments };
}

/** --writers customers count one batch each into the last day, --lanes at a time: batches/s and latency. */
async function writeThroughRealPath(storage: Storage, workspace: string, expected: FamilyTotals) {
  const batches = Array.from({ length: WRITERS }, (_, i) => writerBatch(workspace, i));
  const latencies: number[] = [];
  const started = performance.now();
  assertAll(
    await mapWithConcurrency(batches, LANES, async (batch) => {
      const t = performance.now();
      await addCounterBatch(storage.models, batch, () => WRITE_CLOCK);
      latencies.push(performance.now() - t);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const batch of batches) addTo(expected, batch.increments);
  const increments = batches.reduce((n, b) => n + b.increments.length, 0) / batches.length;
  return { perSecond: WRITERS / seconds, seconds, latencies, increments };
}

function assertTotals(label: string, actual: CounterTotals, expected: CounterTotals | undefined): void {
  const a = JSON.stringify(sortedTotals(actual));
  const e = JSON.stringify(sortedTotals(expected ?? {}));
  if (a !== e) throw new Error(`${label}: the counters read are not the ones written`);
}

function sortedTotals(totals: CounterTotals) {
  return Object.keys(totals)
    .sort()
    .map((bucket) => [bucket, Object.entries(totals[bucket]).sort(([x], [y]) => x.localeCompare(y))]);
}

/** Every family's counters over the whole week read back equal the ones written. */
async function assertWeek(storage: Storage, label: string, workspace: string, expected: FamilyTotals) {
  const [from, to] = [new Date(FIRST_DAY), new Date(FIRST_DAY + DAYS * DAY_MS)];
  for (const [family, totals] of expected) {
    assertTotals(
      `${label}, ${family}`,
      await readCounterTotals(storage.models, workspace, from, to, family),
      totals,
    );
  }
}

function sizes(docs: ReportCounterDocument[]): string {
  const bytes = docs.map((d) => BSON.calculateObjectSize(d)).sort((a, b) => a - b);
  const counters = docs.map((d) =>
    Object.values(d.c).reduce((n, counts) => n + Object.keys(counts).length, 0),
  );
  const marks = docs.map((d) => Object.keys(d.marks ?? {}).length);
  return (
    `${docs.length} documents, median ${(median(bytes) / 1024).toFixed(1)} KiB (max ${(bytes.at(-1)! / 1024).toFixed(1)}), ` +
    `${median(counters)} counters, ${median(marks)} marks`
  );
}

async function main(): Promise<void> {
  const configured = loadConfig().mongo;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-counters-'));
  let ferret: Service | undefined;
  let storage: Storage | undefined;
  try {
    let uri = configured.uri;
    if (!configured.external) {
      const port = await freePort();
      ferret = await startEmbeddedMongo({
        binary: await ensureFerretDb(),
        port,
        dataDir: path.join(scratch, 'mongo'),
        logFile: path.join(scratch, 'mongo.log'),
      });
      uri = `mongodb://127.0.0.1:${port}/`;
    }
    storage = await openStorage(uri, { dbName: `tutti_bench_counters_${randomUUID().slice(0, 8)}` });
    const { models } = storage;
    const server = configured.external ? 'MONGODB_URI' : 'embedded FerretDB';
    console.log(
      `report counters on ${server}: ${CUSTOMERS.toLocaleString('en')} customers over ${DAYS} days × ${REPORT_COUNTER_SHARDS} shards, ` +
        `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );

    const filled = performance.now();
    const { docs, expected, batches } = filledDocuments();
    const collection = models.reportCounters.collection;
    for (let start = 0; start < docs.length; start += INSERT_BATCH) {
      await collection.insertMany(docs.slice(start, start + INSERT_BATCH) as never[], { ordered: false });
    }
    console.log(
      `filled ${docs.length} documents (${batches.toLocaleString('en')} batches, ${expected.size} families) ` +
        `in ${((performance.now() - filled) / 1000).toFixed(1)} s`,
    );
    const families = {
      'contact pressure': counterFamily.contactPressure,
      'uplift global': counterFamily.uplift('global'),
      [`funnel ${JOURNEY}`]: counterFamily.funnel(JOURNEY),
    };
    for (const [label, family] of Object.entries(families)) {
      console.log(`  ${label}: ${sizes(docs.filter((d) => d.family === family))}`);
    }
    console.log(
      `  the other families: ${sizes(docs.filter((d) => !Object.values(families).includes(d.family)))}`,
    );
    // Give the wrapper's index keeper (it sweeps every second) time to index the new collections.
    await models.customers.create({
      _id: customerKey(WORKSPACE, 'customer-0'),
      workspace: WORKSPACE,
      customerId: 'customer-0',
      version: 1,
      traits: { plan: 'pro', country: 'NL', note: 'x'.repeat(700) },
      sentiment: { score: 0.1, nss: 12, messages: 3 },
      updatedAt: new Date(),
    });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await assertWeek(storage, 'fill', WORKSPACE, expected);

    // Reads: each family's report of one day (the fourth) and of all days, and the baseline, round by round.
    const oneDay = FIRST_DAY + Math.min(3, DAYS - 1) * DAY_MS;
    const ranges = {
      '1 day': [new Date(oneDay), new Date(oneDay + DAY_MS)],
      [`${DAYS} days`]: [new Date(FIRST_DAY), new Date(FIRST_DAY + DAYS * DAY_MS)],
    } as const;
    const oneCounterDocument = reportCounterKey(
      WORKSPACE,
      counterFamily.contactPressure,
      dayBucket(oneDay),
      0,
    );
    const millis: Record<string, number[]> = { baseline: [], counterDocument: [] };
    for (let round = 0; round < READS; round++) {
      for (const [name, family] of Object.entries(families)) {
        for (const [range, [from, to]] of Object.entries(ranges)) {
          (millis[`${name}, ${range}`] ??= []).push(
            ...(await timeEach(1, () => readCounterTotals(models, WORKSPACE, from, to, family))),
          );
        }
      }
      millis.baseline.push(
        ...(await timeEach(1, () => models.customers.findById(customerKey(WORKSPACE, 'customer-0')).lean())),
      );
      millis.counterDocument.push(
        ...(await timeEach(1, () => models.reportCounters.findById(oneCounterDocument, { c: 1 }).lean())),
      );
    }
    const base = median(millis.baseline);
    const ratio = (label: string) => ` — ${(median(millis[label]) / base).toFixed(0)}× the baseline`;
    console.log(summary(`findById of one customer (baseline, ${READS} reads)`, millis.baseline));
    console.log(
      summary(
        `findById of one contact-pressure document, \`c\` only (${READS} reads)`,
        millis.counterDocument,
      ) + ratio('counterDocument'),
    );
    for (const name of Object.keys(families)) {
      for (const range of Object.keys(ranges)) {
        const days = range === '1 day' ? 1 : DAYS;
        const label = `${name}, ${range}`;
        console.log(
          summary(
            `readCounterTotals ${label} (${days * REPORT_COUNTER_SHARDS} documents, ${READS} reads)`,
            millis[label],
          ) + ratio(label),
        );
      }
    }

    // Writes through the real path: into the full week's last day, then into an empty workspace.
    for (const [label, workspace, totals] of [
      ['into the full week', WORKSPACE, expected],
      ['into an empty workspace', FRESH, new Map()],
    ] as const) {
      const written = await writeThroughRealPath(storage, workspace, totals);
      console.log(
        summary(
          `addCounterBatch ${label}: ${WRITERS} batches of ${written.increments.toFixed(1)} increments (2 documents), ` +
            `${LANES} at a time, ${written.seconds.toFixed(1)} s = ${written.perSecond.toFixed(0)} batches/s; per batch`,
          written.latencies,
        ),
      );
      await assertWeek(storage, label, workspace, totals);
    }
    console.log('every total read back equals the increments written');
    await storage.connection.dropDatabase();
  } finally {
    await storage?.close();
    await ferret?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
