import type { Collection } from 'mongoose';
import { murmurHash3 } from '../domain/holdout/murmurHash3';
import type { CounterBatch, CounterBucket, CounterTotals } from '../domain/reports/reportCounters';
import { dayOfBucket } from '../domain/reports/reportCounters';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import type { Models } from './models';
import { oneAtATime } from './oneAtATime';
import { withBusyRetry } from './withBusyRetry';
import { withDuplicateRetry } from './withDuplicateRetry';
import { writeEach } from './writeEach';

/**
 * Report counters (storage/README.md, "Report counters"; the words in domain/reports/reportCounters.ts): the
 * customer workflows' increments, added up into one document per workspace, UTC day and shard of customers,
 * `_id` `${workspace}:${day}:${shard}`:
 *
 *   { workspace, day, shard,
 *     c:    { bucket: { key: total, … }, … },       // bucket: `YYYY-MM-DDTHH` or `YYYY-MM-DD`, of that day
 *     seen: { encodedCustomerId: lastBatchSeq, … } } // the last batch of each customer applied here
 *
 * Exactly once. A customer's workflow writes its batches one at a time, in `seq` order, so a document's only
 * concurrent writers are other customers of its shard. For each document a batch touches, the writer reads
 * `seen.<customer>` by `_id` and, unless it is already >= seq, applies the whole batch's increments to that
 * document and sets `seen.<customer>` = seq in ONE single-statement `updateOne({ _id })`: the increments and
 * the mark land together or not at all, so a retried batch (a retried activity, one that failed half-way
 * through its documents) skips the documents it counted and counts the others. (An attempt still running
 * after its timeout overlaps its retry: in one process they take turns and the second skips; in two processes
 * both could read the mark before either writes it, and count the batch twice.)
 *
 * Concurrency. MongoDB applies the `$inc` and `$set` of one statement atomically: exact with any number of
 * writers. FerretDB v1 does not: it reads the document and writes the whole changed document back,
 * unconditionally, on another connection (storage/README.md, "Per-customer lists"), so two updates of one
 * document at once can both start from the same state, and the later write drops the earlier's increments —
 * measured here, 20 writers × 10 `$inc` on one document kept 50 of 200. So a process applies its writes to
 * one document one at a time (`oneAtATime`): exact with one worker process. Several worker processes writing
 * the same counters on FerretDB can still lose increments (2 processes × 100 customers on one document lost
 * 28 of 200) and, rarely, count one twice (a document can go back to an older state that already held it).
 *
 * Limits. A document holds:
 * - `c`: one counter per (bucket, key) its customers counted that day — at most 25 buckets × the keys in use;
 * - `seen`: one entry per customer of the shard who counted anything that day, about (customers active that
 *   day) / REPORT_COUNTER_SHARDS — 3,125 entries (~100 KiB) for 100,000 active customers. It is never
 *   pruned; it is what makes a late retry harmless. It is one flat object, and FerretDB's cost grows with
 *   the square of one object's fields (see counterPath): thousands of entries make every write slower.
 * FerretDB reads and rewrites the whole document on every write (the `seen` read too, whatever the
 * projection), so both cost more as the day's shard fills: with 14,300 customers a day × ~15 counters
 * (about 4,500 counters and 450 marks, 200 KiB a document) a batch took ~1 s and 16 writers managed 13
 * batches/s, against 63 into empty documents; a 1-day report ~1 s, a 7-day one ~6.5 s
 * (`npm run bench:report-counters`). 16 MiB caps a document at roughly 400,000 customers a day per shard.
 */

/** Shards of customers per workspace and day: documents a one-day report reads. */
export const REPORT_COUNTER_SHARDS = 32;

/** Counter documents a report reads at once, by `_id`. */
export const COUNTER_READ_LANES = 8;

/** The shard a customer's counters go to: the same for every day. */
export function reportCounterShard(customerId: string): number {
  return murmurHash3(customerId) % REPORT_COUNTER_SHARDS;
}

/** A counter document's `_id`. The workspace never contains ":". */
export function reportCounterKey(workspace: string, day: string, shard: number): string {
  return `${workspace}:${day}:${shard}`;
}

/**
 * The path within `c` of `key` in `bucket`: neither contains a `.` (keyPart encodes it). Nested by bucket
 * rather than one flat field `bucket~key`: FerretDB v1's cost of reading and rewriting a document grows with
 * the square of the fields of one object — one update of a document of 4,500 flat counters took 235 ms,
 * nested by hour 115 ms; of 9,000, 760 ms against 190 ms.
 */
export function counterPath(bucket: CounterBucket, key: string): string {
  return `${bucket}.${key}`;
}

/**
 * A customer id as a field name of `seen`: percent-encoded (encodeURIComponent encodes `$`, leaves `.`, which
 * is encoded here), so no `.`, no leading `$`, no NUL. A lone surrogate, which encodeURIComponent refuses,
 * becomes `%u` and its hex code (never produced otherwise: `u` is not a hex digit).
 */
export function seenField(customerId: string): string {
  if (customerId === '') throw new TypeError('Report counters: a customer id is not empty');
  let encoded = '';
  for (const char of customerId) {
    const code = char.codePointAt(0)!;
    encoded += code >= 0xd800 && code <= 0xdfff ? `%u${code.toString(16)}` : encodeURIComponent(char);
  }
  return encoded.replace(/\./g, '%2E');
}

const HOUR_BUCKET = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const DAY_BUCKET = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A counter document as stored (storage/models/reportCounter.ts), for the driver's collection. */
export interface ReportCounterDocument {
  _id: string;
  workspace: string;
  day: string;
  shard: number;
  c: Record<CounterBucket, Record<string, number>>;
  seen: Record<string, number>;
}

type CounterModels = Pick<Models, 'reportCounters'>;

interface DocumentIncrements {
  _id: string;
  day: string;
  inc: Map<string, number>;
}

/**
 * Adds a customer's batch of increments to its documents (the customer's shard, on each UTC day its buckets
 * fall in), each exactly once — see the top of this file. A few documents at a time (writeEach); each
 * document's read and write under oneAtATime. Throws a TypeError (permanent) for a bucket or key that is not
 * one (domain/reports/reportCounters.ts makes them); any other failure is the store's, and a retry of the
 * same batch completes it.
 */
export async function addCounterBatch(models: CounterModels, batch: CounterBatch): Promise<void> {
  const { workspace, customerId, seq } = batch;
  if (!Number.isFinite(seq)) throw new TypeError(`Report counters: batch seq ${seq} is not a number`);
  const customer = seenField(customerId);
  const shard = reportCounterShard(customerId);
  const documents = new Map<string, DocumentIncrements>();
  for (const { bucket, key, by } of batch.increments) {
    checkIncrement(bucket, key, by);
    const day = dayOfBucket(bucket);
    const _id = reportCounterKey(workspace, day, shard);
    let doc = documents.get(_id);
    if (!doc) documents.set(_id, (doc = { _id, day, inc: new Map() }));
    const path = counterPath(bucket, key);
    doc.inc.set(path, (doc.inc.get(path) ?? 0) + by);
  }
  // A document whose increments cancel out has nothing to count.
  const writes = [...documents.values()].filter((doc) => [...doc.inc.values()].some((by) => by !== 0));
  const collection = models.reportCounters.collection as unknown as Collection<ReportCounterDocument>;
  const namespace = `${collection.dbName}.${collection.collectionName}`;

  await writeEach(writes, (doc) =>
    oneAtATime(`${namespace}:${doc._id}`, async () => {
      const seenPath = `seen.${customer}`;
      const stored = await withBusyRetry(() =>
        collection.findOne({ _id: doc._id }, { projection: { [seenPath]: 1 } }),
      );
      const applied = stored?.seen?.[customer];
      if (typeof applied === 'number' && applied >= seq) return;
      const $inc: Record<string, number> = {};
      for (const [path, by] of doc.inc) if (by !== 0) $inc[`c.${path}`] = by;
      // Two processes creating the same document at once: FerretDB answers the loser E11000, and the upsert
      // run again increments the winner's document (its `seen` has no entry of this customer's batch).
      await withDuplicateRetry(() =>
        collection.updateOne(
          { _id: doc._id },
          { $inc, $set: { [seenPath]: seq, workspace, day: doc.day, shard } },
          { upsert: true },
        ),
      );
    }),
  );
}

function checkIncrement(bucket: string, key: string, by: number): void {
  if (!HOUR_BUCKET.test(bucket) && !DAY_BUCKET.test(bucket)) {
    throw new TypeError(`Report counters: "${bucket}" is not an hour or day bucket`);
  }
  if (key === '' || key.includes('.') || key.includes('\0') || key.startsWith('$')) {
    throw new TypeError(`Report counters: "${key}" is not a counter key (keyPart makes them)`);
  }
  if (!Number.isFinite(by)) throw new TypeError(`Report counters: increment ${by} of "${key}" is not finite`);
}

/**
 * The counters of `workspace` in [from, to), summed over shards: bucket → key → total. Reads every shard's
 * document of every UTC day the range touches by `_id` (32 per day, COUNTER_READ_LANES at a time; a
 * document nobody wrote is absent and adds nothing) — never `$in`, which FerretDB answers with a scan. Keeps:
 * - an hour bucket whose hour starts in [from, to);
 * - a day bucket whose day overlaps [from, to) at all: a per-day figure cannot be split, so a range that
 *   starts or ends within a day has that whole day's figure.
 * Buckets with no counts are absent. The cost is one read per day and shard: a 7-day report reads 224
 * documents, each about as large as its day's shard of customers (see the limits at the top of this file).
 */
export async function readCounterTotals(
  models: CounterModels,
  workspace: string,
  from: Date,
  to: Date,
): Promise<CounterTotals> {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return {};
  const ids: string[] = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const name = new Date(day).toISOString().slice(0, 10);
    for (let shard = 0; shard < REPORT_COUNTER_SHARDS; shard++) {
      ids.push(reportCounterKey(workspace, name, shard));
    }
  }
  const results = await mapWithConcurrency(ids, COUNTER_READ_LANES, (_id) =>
    models.reportCounters.findById(_id, { c: 1 }).lean<Pick<ReportCounterDocument, '_id' | 'c'>>().exec(),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;

  const totals = new Map<CounterBucket, Map<string, number>>();
  for (const result of results) {
    const counters = result.status === 'fulfilled' ? result.value?.c : undefined;
    if (!counters) continue;
    for (const [bucket, counts] of Object.entries(counters)) {
      if (!bucketInRange(bucket, start, end) || typeof counts !== 'object' || counts === null) continue;
      let keys = totals.get(bucket);
      if (!keys) totals.set(bucket, (keys = new Map<string, number>()));
      for (const [key, count] of Object.entries(counts)) {
        if (typeof count === 'number') keys.set(key, (keys.get(key) ?? 0) + count);
      }
    }
  }
  return Object.fromEntries([...totals].map(([bucket, keys]) => [bucket, Object.fromEntries(keys)]));
}

function bucketInRange(bucket: CounterBucket, start: number, end: number): boolean {
  if (HOUR_BUCKET.test(bucket)) {
    const hour = Date.parse(`${bucket}:00:00Z`);
    return start <= hour && hour < end;
  }
  if (DAY_BUCKET.test(bucket)) {
    const day = Date.parse(`${bucket}T00:00:00Z`);
    return day < end && day + DAY_MS > start;
  }
  return false;
}
