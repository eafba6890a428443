// The workspace send-time prior against the real MongoDB-wire server of the test run: customers' engagement
// counted as the customer workflow counts it (batches through the countReports activity, retries included),
// read back by readWorkspaceEngagement as hours of the week decayed by age, and served from the worker's cache.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCountReports } from '../../activities/countReports';
import { createReadWorkspaceEngagement } from '../../activities/personalization/workspaceEngagement';
import { uniformWorkspaceProfile } from '../../domain/personalization';
import {
  countWorkspaceDelivery,
  countWorkspaceEngagement,
  MIN_WORKSPACE_ENGAGEMENTS,
} from '../../domain/personalization/workspaceEngagementCounters';
import type { CounterBatch, CounterIncrement } from '../../domain/reports/reportCounters';
import { REPORT_COUNTER_SHARDS, reportCounterShard } from '../../storage/reportCounters';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';

const dbName = `tutti_test_wsprior_${randomUUID().slice(0, 8)}`;
let storage: Storage;
beforeAll(async () => {
  storage = await openStorage(inject('mongoUri'), { dbName });
});
afterAll(async () => {
  await storage?.connection.dropDatabase();
  await storage?.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PARIS = 'Europe/Paris';
/** Friday 4 December 2026, 15:00 UTC (16:00 in Paris). */
const NOW = Date.parse('2026-12-04T15:00:00Z');
const FRIDAY_10 = 4 * 24 + 10;
const WEDNESDAY_12 = 2 * 24 + 12;

let workspaces = 0;
const newWorkspace = () => `wsprior-${++workspaces}`;

/** One customer per shard, so that the workspace's counters are spread over every shard's documents. */
const customers = Array.from({ length: REPORT_COUNTER_SHARDS }, (_, shard) => {
  for (let i = 0; ; i++) if (reportCounterShard(`customer-${i}`) === shard) return `customer-${i}`;
});

/** What a customer's workflow counts for `count` emails it sent at `at` and a person opened 10 minutes later. */
function openedEmails(count: number, at: number): CounterIncrement[] {
  return Array.from({ length: count }, () => [
    ...countWorkspaceDelivery('email', at),
    ...countWorkspaceEngagement('email', at + 10 * MINUTE, PARIS),
  ]).flat();
}

describe('the workspace send-time prior', () => {
  const countReports = (batch: CounterBatch) => createCountReports(storage.models)(batch);

  it("reads back every customer's engagement by hour of the week, each day weighted by its age", async () => {
    const workspace = newWorkspace();
    const today = Date.parse('2026-12-04T09:00:00Z'); // 10:00 in Paris; opened at 10:10
    const monthAgo = Date.parse('2026-11-04T11:00:00Z'); // a Wednesday, 12:00 in Paris
    await Promise.all(
      customers.map(async (customerId, c) => {
        const batches = [openedEmails(100, today), openedEmails(100, monthAgo)];
        for (const [i, increments] of batches.entries()) {
          const batch = { workspace, customerId, seq: i + 1, increments };
          await countReports(batch);
          if (c % 2 === 0) await countReports(batch); // a retried activity counts once
        }
      }),
    );
    // Another workspace's engagement is not this one's.
    await countReports({
      workspace: `${workspace}-other`,
      customerId: customers[0],
      seq: 1,
      increments: openedEmails(500, today - 3 * HOUR),
    });

    const read = createReadWorkspaceEngagement(storage.models, { now: () => NOW });
    const profile = await read({ workspace });
    const n = customers.length * 100;
    expect(profile.hours[FRIDAY_10]).toBe(n);
    expect(profile.hours[WEDNESDAY_12]).toBe(n / 2);
    expect(profile.hours.filter((count) => count > 0)).toHaveLength(2);
    expect(profile.channels).toEqual({ email: { received: n * 1.5, engaged: n * 1.5 } });
  });

  it('is uniform while the workspace has too few engagements to say anything, then follows them', async () => {
    const workspace = newWorkspace();
    const read = (at: number) =>
      createReadWorkspaceEngagement(storage.models, { now: () => at })({ workspace });
    expect(await read(NOW)).toEqual(uniformWorkspaceProfile());

    const yesterday = Date.parse('2026-12-03T18:00:00Z');
    const perCustomer = Math.ceil(MIN_WORKSPACE_ENGAGEMENTS / customers.length);
    await Promise.all(
      customers.map((customerId) =>
        countReports({ workspace, customerId, seq: 1, increments: openedEmails(perCustomer, yesterday) }),
      ),
    );
    // Counted yesterday: as of today they weigh 2^(-1/30) each, below the threshold; as of yesterday, above.
    expect((await read(NOW)).hours).toEqual(uniformWorkspaceProfile().hours);
    const thursday19 = 3 * 24 + 19;
    expect((await read(yesterday + HOUR)).hours[thursday19]).toBe(perCustomer * customers.length);
  });

  it('answers from its cache for five minutes, then reads what was counted since', async () => {
    const workspace = newWorkspace();
    let clock = NOW;
    const read = createReadWorkspaceEngagement(storage.models, { now: () => clock });
    // Decisions arriving together share one read.
    const [first, second] = await Promise.all([read({ workspace }), read({ workspace })]);
    expect(first).toBe(second);
    expect(first).toEqual(uniformWorkspaceProfile());

    await Promise.all(
      customers.map((customerId) =>
        countReports({ workspace, customerId, seq: 1, increments: openedEmails(100, NOW - 3 * HOUR) }),
      ),
    );
    clock = NOW + 4 * MINUTE;
    expect(await read({ workspace })).toEqual(uniformWorkspaceProfile());
    clock = NOW + 5 * MINUTE;
    const fresh = await read({ workspace });
    expect(fresh.hours[4 * 24 + 13]).toBe(customers.length * 100); // 12:00 UTC, 13:10 in Paris
  });

  it('keeps the last profile it read while the store cannot answer, and fails with nothing read yet', async () => {
    const workspace = newWorkspace();
    await Promise.all(
      customers.map((customerId) =>
        countReports({ workspace, customerId, seq: 1, increments: openedEmails(100, NOW - 3 * HOUR) }),
      ),
    );
    const other = await openStorage(inject('mongoUri'), { dbName });
    let clock = NOW;
    const read = createReadWorkspaceEngagement(other.models, { now: () => clock });
    const before = await read({ workspace });
    expect(before.hours[4 * 24 + 13]).toBe(customers.length * 100);
    await other.close();

    clock = NOW + HOUR;
    expect(await read({ workspace })).toEqual(before);
    const neverRead = createReadWorkspaceEngagement(other.models, { now: () => clock });
    await expect(neverRead({ workspace })).rejects.toThrow();
  });
});
