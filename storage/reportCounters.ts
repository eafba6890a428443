import type { Collection } from 'mongoose';
import { murmurHash3 } from '../domain/holdout/murmurHash3';
import type {
  CounterBatch,
  CounterBucket,
  CounterFamily,
  CounterTotals,
} from '../domain/reports/reportCounters';
import { counterFamily, dayOfBucket, familyOfKey } from '../domain/reports/reportCounters';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import type { Models } from './models';
import { oneAtATime } from './oneAtATime';
import { withBusyRetry } from './withBusyRetry';
import { withDuplicateRetry } from './withDuplicateRetry';
import { writeEach } from './writeEach';
import { insertOneNew } from './insertNew';

/**
 * Report counters (storage/README.md, "Report counters"; the words in domain/reports/reportCounters.ts): the
 * customer workflows' increments, added up into one document per workspace, counter family, UTC day and shard
 * of customers, `_id` `${workspace}:${family}:${day}:${shard}`:
 *
 *   { workspace, family, day, shard,
 *     c:     { bucket: { key: total, … }, … },           // bucket: `YYYY-MM-DDTHH` or `YYYY-MM-DD`, of that day
 *     n:     batches applied to this document,
 *     marks: { markTag: lastSeq × 2²⁰ + n mod 2²⁰, … } } // the customers of its last MARKS_KEPT batches
 *
 * Exactly once. A customer's workflow writes its batches one at a time, in `seq` order, so a document's only
 * concurrent writers are other customers of its shard. For each document a batch touches, the writer reads
 * `marks` by `_id` and, unless the customer's mark there is already >= seq, applies the batch's increments to
 * that document and sets the mark in ONE single-statement `updateOne({ _id })`: increments and mark land
 * together or not at all, so a retried batch (a retried activity, one that failed half-way through its
 * documents) skips the documents it counted and counts the others.
 *
 * A mark is kept until MARKS_KEPT later batches have been applied to the same document, then a later write
 * unsets it: a retry is skipped as long as fewer than that many batches of other customers reached the
 * document in between. The count, not the clock, bounds the marks: a document's size no longer grows with the
 * customers counted per hour (it did with marks kept for two hours — 850 marks, 20 KiB rewritten on every
 * write at 7,000 new customers an hour, and FerretDB's CPU became the stack's limit: docs/SCALING.md), and
 * an outage of the store or of the only worker stops the writes that would evict a mark. The countReports
 * activity retries within 25 s (15 s timeout, backoff to 10 s); at the busiest rate measured, 4.5 batches a
 * second to one document, MARKS_KEPT covers about half a minute, at the 2.5 of 10,000 customers a minute.
 *
 * A mark is one number under a 48-bit tag: FerretDB stores a type beside every field and the field name twice,
 * and 256 marks as `[seq, n]` under 64-bit tags were 29 KiB of the 30 a document was (bench:scale, 10,000
 * customers); 128 packed marks were 8.5.
 *
 * Documents written before marks were counted keep theirs in `seen` (write hour → tag → seq): a writer still
 * honours them and drops each hour of them once it is older than LEGACY_SEEN_HOURS.
 *
 * Concurrency. MongoDB applies the `$inc`, `$set` and `$unset` of one statement atomically: exact with any
 * number of writers. FerretDB v1 does not: it reads the document and writes the whole changed document back,
 * unconditionally, on another connection (storage/README.md, "Per-customer lists"), so two updates of one
 * document at once can both start from the same state and the later drops the earlier's increments —
 * measured, 20 writers × 10 `$inc` on one document kept 50 of 200. So a process applies its writes to one
 * document one at a time (`oneAtATime`): exact with one worker process. Several worker processes writing the
 * same counters on FerretDB can still lose increments (2 processes × 100 customers on one document lost 28 of
 * 200) and, rarely, count one twice.
 *
 * Size. FerretDB reads and rewrites the whole document on every write, and its cost grows with the square of
 * one object's fields, so documents are kept small: one family per document (a report reads only its own), the
 * counters nested by bucket (a few dozen keys each), and at most MARKS_KEPT marks under a 48-bit tag of the
 * customer id rather than the id.
 */

/** Shards of customers per workspace, family and day: documents a one-day report reads. */
export const REPORT_COUNTER_SHARDS = 8;

/** Counter documents a report reads at once, by `_id`. */
export const COUNTER_READ_LANES = 8;

/** Marks a document keeps: the customers of its last MARKS_KEPT batches (see the top of this file). */
export const MARKS_KEPT = 128;

/** A mark packs the batch seq above the document's batch number modulo MARK_ORDER (packMark). */
const MARK_ORDER = 2 ** 20;
/** The largest batch seq a mark can hold: seq × MARK_ORDER stays a safe integer. */
const MAX_SEQ = 2 ** 33 - 1;

/** Hours of marks in the legacy `seen` field honoured (the current one and the one before). */
export const LEGACY_SEEN_HOURS = 2;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_BUCKET = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const DAY_BUCKET = /^\d{4}-\d{2}-\d{2}$/;
const FAMILY = /^[A-Za-z0-9%|_\-!~*'()]+$/;

/** The shard a customer's counters go to: the same for every day and family. */
export function reportCounterShard(customerId: string): number {
  return murmurHash3(customerId) % REPORT_COUNTER_SHARDS;
}

/** A counter document's `_id`. Neither the workspace nor a family contains ":". */
export function reportCounterKey(
  workspace: string,
  family: CounterFamily,
  day: string,
  shard: number,
): string {
  return `${workspace}:${family}:${day}:${shard}`;
}

/**
 * A customer's 64-bit tag: two MurmurHash3 seeds in hex, a valid field name whatever the id, 16 characters
 * however long it is — the key of the legacy `seen` marks here, and of the at-risk set (storage/atRiskSet.ts).
 */
export function customerTag(customerId: string): string {
  if (customerId === '') throw new TypeError('Report counters: a customer id is not empty');
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `t${hex(murmurHash3(customerId, 0))}${hex(murmurHash3(customerId, 0x9747b28c))}`;
}

/**
 * A customer's mark in a counter document: `m` and 48 bits of customerTag's hash in base64url, 9 characters —
 * a valid field name whatever the id. A batch skipped because another customer's mark among a document's
 * MARKS_KEPT has its tag is a chance of MARKS_KEPT / 2⁴⁸ a write: 1 in 2 trillion.
 */
export function markTag(customerId: string): string {
  if (customerId === '') throw new TypeError('Report counters: a customer id is not empty');
  const hash = Buffer.alloc(8);
  hash.writeUInt32BE(murmurHash3(customerId, 0), 0);
  hash.writeUInt32BE(murmurHash3(customerId, 0x9747b28c), 4);
  return `m${hash.subarray(0, 6).toString('base64url')}`;
}

/** The hour a legacy mark was written, as a field name of `seen`: `h` + `YYYYMMDDHH` (UTC). */
export function seenHour(at: number): string {
  return `h${new Date(at).toISOString().slice(0, 13).replace(/[-T]/g, '')}`;
}

/** A counter document as stored (storage/models/reportCounter.ts), for the driver's collection. */
export interface ReportCounterDocument {
  _id: string;
  workspace: string;
  family: CounterFamily;
  day: string;
  shard: number;
  c: Record<CounterBucket, Record<string, number>>;
  /** Batches applied to this document. */
  n?: number;
  /** markTag → packMark(its last batch seq applied here, the `n` that batch made). */
  marks?: Record<string, number>;
  /** Legacy marks, written before MARKS_KEPT: write hour → customer tag → seq. */
  seen?: Record<string, Record<string, number>>;
}

type CounterModels = Pick<Models, 'reportCounters'>;

interface DocumentIncrements {
  _id: string;
  family: CounterFamily;
  day: string;
  inc: Map<string, number>;
}

/**
 * Adds a customer's batch of increments to its documents (the customer's shard, for each family and UTC day
 * its increments fall in), each exactly once — see the top of this file. A few documents at a time
 * (writeEach); each document's read and write under oneAtATime. Throws a TypeError (permanent) for a bucket or
 * key that is not one (domain/reports/reportCounters.ts makes them); any other failure is the store's, and a
 * retry of the same batch completes it.
 */
export async function addCounterBatch(
  models: CounterModels,
  batch: CounterBatch,
  now: () => number = Date.now,
): Promise<void> {
  const { workspace, customerId, seq } = batch;
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > MAX_SEQ) {
    throw new TypeError(`Report counters: batch seq ${seq} is not a whole number from 0 to ${MAX_SEQ}`);
  }
  const tag = markTag(customerId);
  const legacyTag = customerTag(customerId);
  const shard = reportCounterShard(customerId);
  const documents = new Map<string, DocumentIncrements>();
  for (const { bucket, key, by } of batch.increments) {
    checkIncrement(bucket, key, by);
    const family = familyOfKey(key);
    if (!FAMILY.test(family)) throw new TypeError(`Report counters: "${key}" is not a counter key`);
    const day = dayOfBucket(bucket);
    const _id = reportCounterKey(workspace, family, day, shard);
    let doc = documents.get(_id);
    if (!doc) documents.set(_id, (doc = { _id, family, day, inc: new Map() }));
    const path = `${bucket}.${key}`;
    doc.inc.set(path, (doc.inc.get(path) ?? 0) + by);
  }
  // A document whose increments cancel out has nothing to count.
  const writes = [...documents.values()].filter((doc) => [...doc.inc.values()].some((by) => by !== 0));
  const collection = models.reportCounters.collection as unknown as Collection<ReportCounterDocument>;
  const namespace = `${collection.dbName}.${collection.collectionName}`;

  await writeEach(writes, (doc) =>
    oneAtATime(`${namespace}:${doc._id}`, async () => {
      const stored = await withBusyRetry(() =>
        collection.findOne({ _id: doc._id }, { projection: { n: 1, marks: 1, seen: 1 } }),
      );
      if (appliedSeq(stored, tag, legacyTag) >= seq) return;
      const { written, $unset } = marksToDrop(stored, tag, now());
      const $inc: Record<string, number> = { n: 1 };
      for (const [path, by] of doc.inc) if (by !== 0) $inc[`c.${path}`] = by;
      // Two processes creating the same document at once: FerretDB answers the loser E11000, and the upsert
      // run again increments the winner's document (it has no mark of this customer's batch).
      await withDuplicateRetry(() =>
        collection.updateOne(
          { _id: doc._id },
          {
            $inc,
            $set: {
              [`marks.${tag}`]: packMark(seq, written),
              workspace,
              family: doc.family,
              day: doc.day,
              shard,
            },
            ...(Object.keys($unset).length > 0 ? { $unset } : {}),
          },
          { upsert: true },
        ),
      );
    }),
  );
}

type StoredMarks = Pick<ReportCounterDocument, 'n' | 'marks' | 'seen'> | null;

/** A mark's value: the batch seq, and below it the document's batch number `n` modulo MARK_ORDER. */
export function packMark(seq: number, n: number): number {
  return seq * MARK_ORDER + (n % MARK_ORDER);
}

/** The batch seq of a mark (packMark). */
export function seqOfMark(mark: number): number {
  return Math.floor(mark / MARK_ORDER);
}

/** How many batches a document took since the mark was made, the one numbered `written` included. */
export function batchesSince(mark: number, written: number): number {
  return (((written - mark) % MARK_ORDER) + MARK_ORDER) % MARK_ORDER;
}

/** The last batch of the customer applied to a document (-Infinity: none it still knows of). */
function appliedSeq(stored: StoredMarks, tag: string, legacyTag: string): number {
  let applied = -Infinity;
  const mark = stored?.marks?.[tag];
  if (typeof mark === 'number') applied = seqOfMark(mark);
  for (const hour of Object.values(stored?.seen ?? {})) {
    const seq = hour?.[legacyTag];
    if (typeof seq === 'number' && seq > applied) applied = seq;
  }
  return applied;
}

/**
 * The `n` this write makes, and the marks it unsets: those made MARKS_KEPT or more batches before it (never the
 * writer's own, which it sets in the same statement), and legacy hours older than LEGACY_SEEN_HOURS.
 */
function marksToDrop(
  stored: StoredMarks,
  tag: string,
  at: number,
): { written: number; $unset: Record<string, ''> } {
  const written = (typeof stored?.n === 'number' ? stored.n : 0) + 1;
  const $unset: Record<string, ''> = {};
  for (const [other, mark] of Object.entries(stored?.marks ?? {})) {
    const stale = typeof mark !== 'number' || batchesSince(mark, written) >= MARKS_KEPT;
    if (other !== tag && stale) $unset[`marks.${other}`] = '';
  }
  const oldest = seenHour(at - (LEGACY_SEEN_HOURS - 1) * HOUR_MS);
  for (const hour of Object.keys(stored?.seen ?? {})) if (hour < oldest) $unset[`seen.${hour}`] = '';
  return { written, $unset };
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
 * The counters of one family of `workspace` in [from, to), summed over shards: bucket → key → total. Reads
 * every shard's document of every UTC day the range touches by `_id` (REPORT_COUNTER_SHARDS a day,
 * COUNTER_READ_LANES at a time; a document nobody wrote is absent and adds nothing) — never `$in`, which
 * FerretDB answers with a scan. Keeps:
 * - an hour bucket whose hour starts in [from, to);
 * - a day bucket whose day overlaps [from, to) at all: a per-day figure cannot be split, so a range that
 *   starts or ends within a day has that whole day's figure.
 * Buckets with no counts are absent. A 7-day report reads 56 documents, whatever the number of customers.
 */
export async function readCounterTotals(
  models: CounterModels,
  workspace: string,
  from: Date,
  to: Date,
  family: CounterFamily,
): Promise<CounterTotals> {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return {};
  const ids: string[] = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const name = new Date(day).toISOString().slice(0, 10);
    for (let shard = 0; shard < REPORT_COUNTER_SHARDS; shard++) {
      ids.push(reportCounterKey(workspace, family, name, shard));
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

/**
 * Since when a family derived in `countReports` — the sentiment family (`s`,
 * domain/sentiment/sentimentCounters.ts) and the topic day family (`td`, domain/topics/topicDayCounters.ts) —
 * counts every event: a marker in this collection, `_id` `${workspace}:${family}:since`, `since` the UTC hour
 * after the first batch that counted one in it (the first process to write it wins; a later one finds it).
 * Earlier counts are read from the topic family, which counted the same events before
 * (api/routes/sentimentMetrics.ts, api/routes/topicMetrics.ts). The next full hour, so that an event counted in
 * the hour of the upgrade by a process still running the code before is not missed.
 */
export function countingSinceKey(workspace: string, family: CounterFamily): string {
  return `${workspace}:${family}:since`;
}

/** The sentiment family's marker (countingSinceKey). */
export function sentimentSinceKey(workspace: string): string {
  return countingSinceKey(workspace, counterFamily.sentiment);
}

const marked = new Set<string>();

/** Writes the family's marker unless this process knows it is there (countingSinceKey). */
export async function markCounting(
  models: CounterModels,
  workspace: string,
  family: CounterFamily,
  now: () => number = Date.now,
): Promise<void> {
  const collection = models.reportCounters.collection;
  const _id = countingSinceKey(workspace, family);
  const cacheKey = `${collection.dbName}:${_id}`;
  if (marked.has(cacheKey)) return;
  await insertOneNew(collection as unknown as Parameters<typeof insertOneNew>[0], {
    _id,
    workspace,
    family,
    since: new Date(Math.ceil(now() / HOUR_MS) * HOUR_MS),
  });
  marked.add(cacheKey);
}

/** When the workspace's `family` started counting (ms), or undefined when it never did. */
export async function countingSince(
  models: CounterModels,
  workspace: string,
  family: CounterFamily,
): Promise<number | undefined> {
  const marker = await models.reportCounters.collection.findOne<{ since?: Date }>(
    { _id: countingSinceKey(workspace, family) } as never,
    { projection: { since: 1 } },
  );
  return marker?.since instanceof Date ? marker.since.getTime() : undefined;
}

export function markSentimentCounting(
  models: CounterModels,
  workspace: string,
  now: () => number = Date.now,
): Promise<void> {
  return markCounting(models, workspace, counterFamily.sentiment, now);
}

/** When the workspace's sentiment family started counting (ms), or undefined when it never did. */
export function sentimentCountingSince(
  models: CounterModels,
  workspace: string,
): Promise<number | undefined> {
  return countingSince(models, workspace, counterFamily.sentiment);
}

/** When the workspace's topic day family started counting (ms), or undefined when it never did. */
export function topicDayCountingSince(models: CounterModels, workspace: string): Promise<number | undefined> {
  return countingSince(models, workspace, counterFamily.topicDays);
}
