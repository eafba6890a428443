// bench/report-counters: what report counters (storage/reportCounters.ts) cost on the store at a realistic
// size — reading a 1-day and a 7-day report, and counting batches through the real write path — beside a
// single findById of one customer document measured in the same run.
//   npm run bench:report-counters -- [--customers 100000] [--days 7] [--writers 2000] [--lanes 16] [--reads 20]
// The counters of --customers customers spread over --days UTC days and the 32 shards are written directly
// (insertMany, 50 documents at a time), as addCounterBatch would have left them: each customer counts ~15
// keys (a skewed pick from ~480 real counter keys) in 1–3 hours of their day, half of them a marketing send
// in the day's histogram, and has a `seen` mark. Then --writers customers count one batch each through
// addCounterBatch, --lanes at a time, into that full data set and into an empty workspace. The reads are
// checked against the totals the bench computed itself.
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
import type { CounterBatch, CounterIncrement, CounterTotals } from '../domain/reports/reportCounters';
import { counterKey, dayBucket } from '../domain/reports/reportCounters';
import { loadConfig } from '../platform/config';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import type { Storage } from '../storage/connection';
import { openStorage } from '../storage/connection';
import { customerKey } from '../storage/documentKeys';
import type { ReportCounterDocument } from '../storage/reportCounters';
import {
  REPORT_COUNTER_SHARDS,
  addCounterBatch,
  readCounterTotals,
  reportCounterKey,
  reportCounterShard,
  seenField,
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
const KEYS_PER_CUSTOMER = 15;
const WORKSPACE = 'bench';
const FRESH = 'bench-fresh';
const FIRST_DAY = Date.UTC(2026, 10, 23);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The hour-bucket keys a workspace with a few journeys and campaigns counts. */
function vocabulary(): string[] {
  const channels = ['email', 'sms', 'push', 'in_app'];
  const categories = ['promotion', 'transactional', 'service', 'onboarding'];
  const reasons = [
    'quiet_hours',
    'frequency_cap',
    'no_consent',
    'unreachable',
    'holdout',
    'duplicate',
    'cooldown',
  ];
  const journeys = ['cartRecovery', 'winBack', 'welcome', 'serviceRecovery', 'renewal'];
  const campaigns = ['black-friday', 'cyber-monday', 'holiday', 'spring', 'launch'];
  const arms = ['treatment', 'control'] as const;
  const keys = [counterKey.sent(), counterKey.scheduled()];
  for (const ch of channels) {
    keys.push(
      counterKey.sentByChannel(ch),
      counterKey.suppressedByChannel(ch),
      counterKey.scheduledByChannel(ch),
    );
  }
  for (const cat of categories) {
    keys.push(
      counterKey.sentByCategory(cat),
      counterKey.suppressedByCategory(cat),
      counterKey.scheduledByCategory(cat),
    );
  }
  for (const reason of reasons) keys.push(counterKey.suppressed(reason));
  const scopes = [
    'global' as const,
    ...journeys.map((j) => `journey:${j}` as const),
    ...campaigns.map((c) => `campaign:${c}` as const),
  ];
  for (const scope of scopes) {
    for (const goal of ['purchase', 'renewal']) {
      for (const arm of arms)
        keys.push(counterKey.cohortEntered(scope, goal, arm), counterKey.cohortConverted(scope, goal, arm));
    }
  }
  for (const journey of journeys) {
    for (const arm of arms) {
      keys.push(counterKey.funnelEntered(journey, arm), counterKey.funnelConverted(journey, arm));
      for (const reason of ['goal', 'completed', 'unsubscribed', 'failed', 'cancelled']) {
        keys.push(counterKey.funnelExit(journey, arm, reason));
      }
      for (const step of ['first', 'reminder', 'offer', 'last']) {
        for (const metric of [
          'reached',
          'sent',
          'suppressed',
          'delivered',
          'opened',
          'clicked',
          'converted',
        ] as const) {
          keys.push(counterKey.funnelStep(journey, arm, step, metric));
        }
      }
    }
  }
  return keys;
}
const KEYS = vocabulary();

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

/** One customer's increments on their day: ~15 keys (popular keys more often) in 1–3 hours, maybe a send. */
function incrementsOf(customer: number, dayStart: number): CounterIncrement[] {
  const next = random(customer * 7919 + 17);
  const hours = 1 + Math.floor(next() * 3);
  const firstHour = Math.floor(next() * (25 - hours));
  const increments: CounterIncrement[] = [];
  for (let k = 0; k < KEYS_PER_CUSTOMER; k++) {
    const hour = firstHour + Math.floor(next() * hours);
    const key = KEYS[Math.floor(KEYS.length * next() ** 2)];
    increments.push({ bucket: new Date(dayStart + hour * HOUR_MS).toISOString().slice(0, 13), key, by: 1 });
  }
  if (next() < 0.5)
    increments.push({ bucket: dayBucket(dayStart), key: counterKey.marketingPerCustomer(1), by: 1 });
  return increments;
}

function addTo(totals: CounterTotals, increments: CounterIncrement[]): void {
  for (const { bucket, key, by } of increments) {
    const keys = (totals[bucket] ??= {});
    keys[key] = (keys[key] ?? 0) + by;
  }
}

/** The documents addCounterBatch would have left after every customer's batches; and their totals. */
function filledDocuments(): { docs: ReportCounterDocument[]; totals: CounterTotals } {
  const docs = new Map<string, ReportCounterDocument>();
  const totals: CounterTotals = {};
  for (let customer = 0; customer < CUSTOMERS; customer++) {
    const customerId = `customer-${customer}`;
    const dayStart = FIRST_DAY + (customer % DAYS) * DAY_MS;
    const day = dayBucket(dayStart);
    const shard = reportCounterShard(customerId);
    const _id = reportCounterKey(WORKSPACE, day, shard);
    let doc = docs.get(_id);
    if (!doc) docs.set(_id, (doc = { _id, workspace: WORKSPACE, day, shard, c: {}, seen: {} }));
    const increments = incrementsOf(customer, dayStart);
    for (const { bucket, key, by } of increments) {
      const counts = (doc.c[bucket] ??= {});
      counts[key] = (counts[key] ?? 0) + by;
    }
    doc.seen[seenField(customerId)] = 1 + (customer % 40);
    addTo(totals, increments);
  }
  return { docs: [...docs.values()], totals };
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

/** --writers customers count one batch each on the fourth day, --lanes at a time: batches/s and latency. */
async function writeThroughRealPath(storage: Storage, workspace: string, expected: CounterTotals) {
  const dayStart = FIRST_DAY + Math.min(3, DAYS - 1) * DAY_MS;
  const batches: CounterBatch[] = Array.from({ length: WRITERS }, (_, i) => ({
    workspace,
    customerId: `writer-${i}`,
    seq: 1,
    increments: incrementsOf(CUSTOMERS + i, dayStart),
  }));
  const latencies: number[] = [];
  const started = performance.now();
  assertAll(
    await mapWithConcurrency(batches, LANES, async (batch) => {
      const t = performance.now();
      await addCounterBatch(storage.models, batch);
      latencies.push(performance.now() - t);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const batch of batches) addTo(expected, batch.increments);
  return { perSecond: WRITERS / seconds, seconds, latencies };
}

function assertTotals(label: string, actual: CounterTotals, expected: CounterTotals): void {
  const a = JSON.stringify(sortedTotals(actual));
  const e = JSON.stringify(sortedTotals(expected));
  if (a !== e) throw new Error(`${label}: the counters read are not the ones written`);
}

function sortedTotals(totals: CounterTotals) {
  return Object.keys(totals)
    .sort()
    .map((bucket) => [bucket, Object.entries(totals[bucket]).sort(([x], [y]) => x.localeCompare(y))]);
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
        `${KEYS.length} hour keys, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );

    const filled = performance.now();
    const { docs, totals } = filledDocuments();
    const collection = models.reportCounters.collection;
    for (let start = 0; start < docs.length; start += INSERT_BATCH) {
      await collection.insertMany(docs.slice(start, start + INSERT_BATCH) as never[], { ordered: false });
    }
    const sizes = docs.map((d) => BSON.calculateObjectSize(d)).sort((a, b) => a - b);
    const fields = docs
      .map((d) => Object.values(d.c).reduce((n, counts) => n + Object.keys(counts).length, 0))
      .sort((a, b) => a - b);
    const seen = docs.map((d) => Object.keys(d.seen).length).sort((a, b) => a - b);
    console.log(
      `filled ${docs.length} documents in ${((performance.now() - filled) / 1000).toFixed(1)} s: ` +
        `median ${(median(sizes) / 1024).toFixed(0)} KiB (max ${(sizes.at(-1)! / 1024).toFixed(0)}), ` +
        `${median(fields)} counters, ${median(seen)} seen marks each`,
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

    // Reads: a report of one day (the fourth), of all days, and the baseline, interleaved round by round.
    const oneDay = FIRST_DAY + Math.min(3, DAYS - 1) * DAY_MS;
    const ranges = {
      '1 day': [new Date(oneDay), new Date(oneDay + DAY_MS)],
      [`${DAYS} days`]: [new Date(FIRST_DAY), new Date(FIRST_DAY + DAYS * DAY_MS)],
    } as const;
    const all = await readCounterTotals(
      models,
      WORKSPACE,
      ranges[`${DAYS} days`][0],
      ranges[`${DAYS} days`][1],
    );
    assertTotals('fill', all, totals);
    const oneCounterDocument = reportCounterKey(WORKSPACE, dayBucket(oneDay), 0);
    const millis: Record<string, number[]> = { baseline: [], counterDocument: [] };
    for (const label of Object.keys(ranges)) millis[label] = [];
    for (let round = 0; round < READS; round++) {
      for (const [label, [from, to]] of Object.entries(ranges)) {
        millis[label].push(...(await timeEach(1, () => readCounterTotals(models, WORKSPACE, from, to))));
      }
      millis.baseline.push(
        ...(await timeEach(1, () => models.customers.findById(customerKey(WORKSPACE, 'customer-0')).lean())),
      );
      millis.counterDocument.push(
        ...(await timeEach(1, () => models.reportCounters.findById(oneCounterDocument, { c: 1 }).lean())),
      );
    }
    const base = median(millis.baseline);
    console.log(summary(`findById of one customer (baseline, ${READS} reads)`, millis.baseline));
    console.log(
      `${summary(`findById of one counter document, \`c\` only (${READS} reads)`, millis.counterDocument)}` +
        ` — ${(median(millis.counterDocument) / base).toFixed(0)}× the baseline`,
    );
    for (const label of Object.keys(ranges)) {
      const days = label === '1 day' ? 1 : DAYS;
      console.log(
        `${summary(`readCounterTotals ${label} (${days * REPORT_COUNTER_SHARDS} documents, ${READS} reads)`, millis[label])}` +
          ` — ${(median(millis[label]) / base).toFixed(0)}× the baseline`,
      );
    }

    // Writes through the real path: into the full day, then into an empty workspace.
    for (const [label, workspace, expected] of [
      ['into the full data set', WORKSPACE, totals],
      ['into an empty workspace', FRESH, {}],
    ] as const) {
      const written = await writeThroughRealPath(storage, workspace, expected);
      console.log(
        `${summary(
          `addCounterBatch ${label}: ${WRITERS} batches of ~${KEYS_PER_CUSTOMER} increments, ${LANES} at a time, ` +
            `${written.seconds.toFixed(1)} s = ${written.perSecond.toFixed(0)} batches/s; per batch`,
          written.latencies,
        )}`,
      );
      const [from, to] = ranges[`${DAYS} days`];
      assertTotals(label, await readCounterTotals(models, workspace, from, to), expected);
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
