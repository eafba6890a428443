// Report counters (storage/reportCounters.ts) against the real MongoDB-wire server of the test run: each
// customer's batch counts once per document whatever is retried, concurrent customers in one document lose
// nothing, and a report sums the shards of the days it reads and keeps only the buckets of its range.
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCountReports } from '../../activities/countReports';
import type { CounterBatch, CounterIncrement } from '../../domain/reports/reportCounters';
import { counterFamily, counterKey, dayBucket, hourBucket } from '../../domain/reports/reportCounters';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import {
  LEGACY_SEEN_HOURS,
  MARKS_KEPT,
  REPORT_COUNTER_SHARDS,
  addCounterBatch,
  customerTag,
  batchesSince,
  markTag,
  packMark,
  seqOfMark,
  readCounterTotals,
  reportCounterKey,
  reportCounterShard,
  seenHour,
} from '../../storage/reportCounters';

const dbName = `tutti_test_counters_${randomUUID().slice(0, 8)}`;
let storage: Storage;
beforeAll(async () => {
  storage = await openStorage(inject('mongoUri'), { dbName });
});
afterAll(async () => {
  await storage?.connection.dropDatabase();
  await storage?.close();
});

let workspaces = 0;
const newWorkspace = () => `counters-${++workspaces}`;
const sent = counterKey.sent();
const email = counterKey.sentByChannel('email');
const H = (iso: string) => hourBucket(Date.parse(`${iso}:00:00Z`));
const inc = (bucket: string, key: string, by = 1): CounterIncrement => ({ bucket, key, by });
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Customer ids whose counters go to `shard`. */
function customersOfShard(shard: number, count: number, prefix = 'c'): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    if (reportCounterShard(`${prefix}${i}`) === shard) ids.push(`${prefix}${i}`);
  }
  return ids;
}

const CP = counterFamily.contactPressure;
const read = (workspace: string, from: string, to: string, family = CP) =>
  readCounterTotals(storage.models, workspace, new Date(from), new Date(to), family);

const stored = (workspace: string, dayName: string, customerId: string, family = CP) =>
  storage.models.reportCounters
    .findById(reportCounterKey(workspace, family, dayName, reportCounterShard(customerId)))
    .lean<{
      c: Record<string, number>;
      n?: number;
      marks?: Record<string, number>;
      seen?: Record<string, Record<string, number>>;
    }>();

type Marks = Record<string, number> | undefined;
/** The batch seq of the customer's mark in a document, if it has one. */
const marksOf = (marks: Marks, customerId: string) =>
  [marks?.[markTag(customerId)]].filter((mark) => mark !== undefined).map(seqOfMark);
/** The batch seq of every mark in a document. */
const allMarks = (marks: Marks) => Object.values(marks ?? {}).map(seqOfMark);

describe('report counters', () => {
  it('counts a batch applied twice once', async () => {
    const workspace = newWorkspace();
    const batch: CounterBatch = {
      workspace,
      customerId: 'alice',
      seq: 1,
      increments: [
        inc(H('2026-12-01T10'), sent),
        inc(H('2026-12-01T10'), email),
        inc(H('2026-12-02T03'), sent),
      ],
    };
    await addCounterBatch(storage.models, batch);
    await addCounterBatch(storage.models, batch);
    expect(await read(workspace, '2026-12-01T00:00:00Z', '2026-12-03T00:00:00Z')).toEqual({
      '2026-12-01T10': { [sent]: 1, [email]: 1 },
      '2026-12-02T03': { [sent]: 1 },
    });
  });

  it('completes a batch that was applied to some of its documents only, counting those once', async () => {
    const workspace = newWorkspace();
    const batch: CounterBatch = {
      workspace,
      customerId: 'bob',
      seq: 7,
      increments: [inc(H('2026-12-01T23'), sent, 2), inc(H('2026-12-02T00'), sent, 3)],
    };
    // The first attempt wrote the 1 December document, then failed before the 2 December one.
    await addCounterBatch(storage.models, { ...batch, increments: [batch.increments[0]] });
    expect((await stored(workspace, '2026-12-01', 'bob'))?.c).toEqual({ '2026-12-01T23': { [sent]: 2 } });
    expect(await stored(workspace, '2026-12-02', 'bob')).toBeNull();
    // The retry: the whole batch, same seq.
    await addCounterBatch(storage.models, batch);
    expect(await read(workspace, '2026-12-01T00:00:00Z', '2026-12-03T00:00:00Z')).toEqual({
      '2026-12-01T23': { [sent]: 2 },
      '2026-12-02T00': { [sent]: 3 },
    });
    for (const dayName of ['2026-12-01', '2026-12-02']) {
      expect(marksOf((await stored(workspace, dayName, 'bob'))?.marks, 'bob')).toEqual([7]);
    }
  });

  it('skips a batch older than the last one applied, and applies newer ones', async () => {
    const workspace = newWorkspace();
    const batch = (seq: number): CounterBatch => ({
      workspace,
      customerId: 'carol',
      seq,
      increments: [inc(H('2026-12-02T08'), sent, 10 ** seq)],
    });
    await addCounterBatch(storage.models, batch(3));
    await addCounterBatch(storage.models, batch(2)); // a late retry of an earlier batch
    await addCounterBatch(storage.models, batch(3));
    await addCounterBatch(storage.models, batch(4));
    expect(await read(workspace, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z')).toEqual({
      '2026-12-02T08': { [sent]: 1_000 + 10_000 },
    });
  });

  it('loses nothing when 20 customers write into the same document at once, retries included', async () => {
    const workspace = newWorkspace();
    const customers = customersOfShard(5, 20);
    const BATCHES = 8;
    await Promise.all(
      customers.map(async (customerId, c) => {
        for (let seq = 1; seq <= BATCHES; seq++) {
          const batch: CounterBatch = {
            workspace,
            customerId,
            seq,
            increments: [
              inc(H('2026-12-02T09'), sent),
              inc(H('2026-12-02T09'), email, 2),
              inc(H(`2026-12-02T${String(10 + (c % 3)).padStart(2, '0')}`), sent),
            ],
          };
          await addCounterBatch(storage.models, batch);
          if (seq % 3 === 0) await addCounterBatch(storage.models, batch); // a retried activity
        }
      }),
    );
    const doc = await stored(workspace, '2026-12-02', customers[0]);
    expect(allMarks(doc?.marks)).toEqual(Array.from({ length: 20 }, () => BATCHES));
    const totals = await read(workspace, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z');
    expect(totals['2026-12-02T09']).toEqual({ [sent]: 20 * BATCHES, [email]: 2 * 20 * BATCHES });
    const later = ['10', '11', '12'].map((h) => totals[`2026-12-02T${h}`][sent]);
    expect(later.reduce((a, b) => a + b, 0)).toBe(20 * BATCHES);
  });

  it('sums the shards and keeps hour buckets starting in [from, to) and day buckets overlapping it', async () => {
    const workspace = newWorkspace();
    const mpc1 = counterKey.marketingPerCustomer(1);
    const mpc2 = counterKey.marketingPerCustomer(2);
    // One customer per shard, each with the same increments; and the 2 December per-day histogram.
    const customers = Array.from({ length: REPORT_COUNTER_SHARDS }, (_, s) => customersOfShard(s, 1, 's')[0]);
    await Promise.all(
      customers.map((customerId, s) =>
        addCounterBatch(storage.models, {
          workspace,
          customerId,
          seq: 1,
          increments: [
            inc(H('2026-12-01T23'), sent),
            inc(H('2026-12-02T00'), sent),
            inc(H('2026-12-02T05'), sent),
            inc(H('2026-12-02T06'), sent),
            inc(dayBucket('2026-12-01T12:00:00Z'), mpc1),
            // A customer's second marketing send of the day moves them from bin 1 to bin 2.
            inc(dayBucket('2026-12-02T12:00:00Z'), mpc1, s % 2 === 0 ? 1 : 0),
            inc(dayBucket('2026-12-02T12:00:00Z'), mpc1, s % 2 === 0 ? -1 : 1),
            inc(dayBucket('2026-12-02T12:00:00Z'), mpc2, s % 2 === 0 ? 1 : 0),
            inc(dayBucket('2026-12-03T12:00:00Z'), mpc1),
          ],
        }),
      ),
    );
    // Another workspace's counters are never read.
    await addCounterBatch(storage.models, {
      workspace: `${workspace}-other`,
      customerId: customers[0],
      seq: 1,
      increments: [inc(H('2026-12-02T05'), sent, 1_000)],
    });
    const n = REPORT_COUNTER_SHARDS;
    const dec2 = { [mpc1]: n / 2, [mpc2]: n / 2 };

    // The first six hours of 2 December: its day bucket, not 1 December's (which ends where the range starts).
    expect(await read(workspace, '2026-12-02T00:00:00Z', '2026-12-02T06:00:00Z')).toEqual({
      '2026-12-02T00': { [sent]: n },
      '2026-12-02T05': { [sent]: n },
      '2026-12-02': dec2,
    });
    // From 23:30: the hour that began at 23:00 is out, its day (which the range overlaps) in.
    expect(await read(workspace, '2026-12-01T23:30:00Z', '2026-12-02T05:00:01Z')).toEqual({
      '2026-12-02T00': { [sent]: n },
      '2026-12-02T05': { [sent]: n },
      '2026-12-01': { [mpc1]: n },
      '2026-12-02': dec2,
    });
    // Three whole days.
    expect(await read(workspace, '2026-12-01T00:00:00Z', '2026-12-04T00:00:00Z')).toEqual({
      '2026-12-01T23': { [sent]: n },
      '2026-12-02T00': { [sent]: n },
      '2026-12-02T05': { [sent]: n },
      '2026-12-02T06': { [sent]: n },
      '2026-12-01': { [mpc1]: n },
      '2026-12-02': dec2,
      '2026-12-03': { [mpc1]: n },
    });
    expect(await read(workspace, '2026-12-05T00:00:00Z', '2026-12-06T00:00:00Z')).toEqual({});
    expect(await read(workspace, '2026-12-02T06:00:00Z', '2026-12-02T06:00:00Z')).toEqual({});
  });

  it('keeps an hour bucket and a day bucket in the same document, and any customer id as a seen mark', async () => {
    const workspace = newWorkspace();
    const customerId = 'd.o$t:ü\ud800~|%';
    const mpc1 = counterKey.marketingPerCustomer(1);
    await addCounterBatch(storage.models, {
      workspace,
      customerId,
      seq: 1,
      increments: [inc(H('2026-12-02T20'), sent), inc(dayBucket(Date.parse('2026-12-02T20:00:00Z')), mpc1)],
    });
    const doc = await stored(workspace, '2026-12-02', customerId);
    expect(doc).toMatchObject({
      workspace,
      family: CP,
      day: '2026-12-02',
      shard: reportCounterShard(customerId),
      c: { '2026-12-02T20': { [sent]: 1 }, '2026-12-02': { [mpc1]: 1 } },
    });
    expect(marksOf(doc?.marks, customerId)).toEqual([1]);
    expect(Object.keys(doc?.marks ?? {})).toEqual([markTag(customerId)]);
    expect(markTag(customerId)).toMatch(/^m[A-Za-z0-9_-]{8}$/);
    expect(await read(workspace, '2026-12-02T20:00:00Z', '2026-12-02T21:00:00Z')).toEqual({
      '2026-12-02T20': { [sent]: 1 },
      '2026-12-02': { [mpc1]: 1 },
    });
  });

  it('keeps each family in documents of its own, read one family at a time', async () => {
    const workspace = newWorkspace();
    const funnel = counterKey.funnelStep('win.back~2', 'treatment', 'step.1', 'sent');
    const entered = counterKey.cohortEntered('campaign:spring', 'purchase', 'control');
    await addCounterBatch(storage.models, {
      workspace,
      customerId: 'gus',
      seq: 1,
      increments: [
        inc(H('2026-12-02T20'), sent),
        inc(H('2026-12-02T20'), funnel),
        inc(H('2026-12-02T20'), entered),
      ],
    });
    const range = ['2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z'] as const;
    expect(await read(workspace, ...range)).toEqual({ '2026-12-02T20': { [sent]: 1 } });
    expect(await read(workspace, ...range, counterFamily.funnel('win.back~2'))).toEqual({
      '2026-12-02T20': { [funnel]: 1 },
    });
    expect(await read(workspace, ...range, counterFamily.uplift('campaign:spring'))).toEqual({
      '2026-12-02T20': { [entered]: 1 },
    });
    expect(await read(workspace, ...range, counterFamily.funnel('winBack'))).toEqual({});
  });

  it('packs a mark so that its age survives the batch number wrapping', () => {
    const mark = packMark(5, 2 ** 20 - 1);
    expect(seqOfMark(mark)).toBe(5);
    expect(batchesSince(mark, 2 ** 20 + 3)).toBe(4);
    expect(seqOfMark(packMark(2 ** 33 - 1, 7))).toBe(2 ** 33 - 1);
  });

  it('keeps the marks of the last MARKS_KEPT batches, and still skips a retry among them', async () => {
    const workspace = newWorkspace();
    const customers = customersOfShard(3, MARKS_KEPT + 1, 'm');
    const batch = (customerId: string, seq = 1): CounterBatch => ({
      workspace,
      customerId,
      seq,
      increments: [inc(H('2026-12-02T01'), sent)],
    });
    for (const customerId of customers.slice(0, MARKS_KEPT))
      await addCounterBatch(storage.models, batch(customerId));
    // MARKS_KEPT - 1 batches of others later, the first customer's retry is still skipped.
    await addCounterBatch(storage.models, batch(customers[0]));
    let doc = await stored(workspace, '2026-12-02', customers[0]);
    expect(doc?.n).toBe(MARKS_KEPT);
    expect(Object.keys(doc?.marks ?? {})).toHaveLength(MARKS_KEPT);
    // One more customer's batch: the oldest mark goes, the document keeps MARKS_KEPT.
    await addCounterBatch(storage.models, batch(customers[MARKS_KEPT]));
    doc = await stored(workspace, '2026-12-02', customers[0]);
    expect(Object.keys(doc?.marks ?? {})).toHaveLength(MARKS_KEPT);
    expect(marksOf(doc?.marks, customers[0])).toEqual([]);
    expect(marksOf(doc?.marks, customers[1])).toEqual([1]);
    expect(marksOf(doc?.marks, customers[MARKS_KEPT])).toEqual([1]);
    // A customer's next batch moves its own mark up rather than adding one.
    await addCounterBatch(storage.models, batch(customers[1], 2));
    doc = await stored(workspace, '2026-12-02', customers[0]);
    expect(marksOf(doc?.marks, customers[1])).toEqual([2]);
    expect(Object.keys(doc?.marks ?? {})).toHaveLength(MARKS_KEPT);
    expect((await read(workspace, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z'))['2026-12-02T01']).toEqual({
      [sent]: MARKS_KEPT + 2,
    });
  });

  it('honours the marks a document kept by hour before, and drops them once they are old', async () => {
    const workspace = newWorkspace();
    const [early, late] = customersOfShard(4, 2, 'l');
    const t0 = Date.parse('2026-12-02T01:10:00Z');
    const _id = reportCounterKey(workspace, CP, '2026-12-02', 4);
    // A document as the hour-kept marks left it: early's batch 5 counted at t0.
    await storage.models.reportCounters.collection.insertOne({
      _id,
      workspace,
      family: CP,
      day: '2026-12-02',
      shard: 4,
      c: { '2026-12-02T01': { [sent]: 1 } },
      seen: { [seenHour(t0)]: { [customerTag(early)]: 5 } },
    } as never);
    const batch = (customerId: string, seq: number): CounterBatch => ({
      workspace,
      customerId,
      seq,
      increments: [inc(H('2026-12-02T01'), sent)],
    });
    await addCounterBatch(storage.models, batch(early, 5), () => t0 + 60_000); // its retry: skipped
    await addCounterBatch(storage.models, batch(late, 1), () => t0 + LEGACY_SEEN_HOURS * 3_600_000);
    const doc = await stored(workspace, '2026-12-02', late);
    expect(doc?.seen).toEqual({});
    expect(marksOf(doc?.marks, late)).toEqual([1]);
    expect((await read(workspace, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z'))['2026-12-02T01']).toEqual({
      [sent]: 2,
    });
  });

  it('countReports refuses a bucket or key that is not one, for good', async () => {
    const countReports = createCountReports(storage.models);
    await countReports({ workspace: newWorkspace(), customerId: 'erin', seq: 1, increments: [] });
    const refused = await countReports({
      workspace: newWorkspace(),
      customerId: 'erin',
      seq: 1,
      increments: [inc('2026-12-02 20', sent)],
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect((refused as ApplicationFailure).nonRetryable).toBe(true);
    const dotted = await countReports({
      workspace: newWorkspace(),
      customerId: 'erin',
      seq: 1,
      increments: [inc(H('2026-12-02T20'), 'a.b')],
    }).catch((error: unknown) => error);
    expect((dotted as ApplicationFailure).nonRetryable).toBe(true);
    const fractional = await countReports({
      workspace: newWorkspace(),
      customerId: 'erin',
      seq: 1.5,
      increments: [inc(H('2026-12-02T20'), sent)],
    }).catch((error: unknown) => error);
    expect((fractional as ApplicationFailure).nonRetryable).toBe(true);
  });

  it('reads the UTC days a range touches, and no other', async () => {
    const workspace = newWorkspace();
    await addCounterBatch(storage.models, {
      workspace,
      customerId: 'fay',
      seq: 1,
      increments: [inc(H('2026-12-02T23'), sent)],
    });
    expect(
      await readCounterTotals(storage.models, workspace, day('2026-12-02'), day('2026-12-03'), CP),
    ).toEqual({ '2026-12-02T23': { [sent]: 1 } });
    expect(
      await readCounterTotals(storage.models, workspace, day('2026-12-03'), day('2026-12-04'), CP),
    ).toEqual({});
  });
});
