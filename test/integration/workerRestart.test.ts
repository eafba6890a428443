import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { createHarness, eventually } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

it('loses no event when the worker is stopped and restarted mid-stream', async () => {
  const customers = ['wr-a', 'wr-b', 'wr-c'].map((c) => `${c}-${Date.now()}`);
  const total = 60;
  let posted = 0;
  const post = async (i: number) => {
    const customerId = customers[i % customers.length];
    const res = await h.request('POST', '/v1/events', {
      id: `${customerId}-${i}`,
      customerId,
      type: 'browse',
      channel: 'web',
    });
    expect(res.status).toBe(202);
    posted++;
  };

  for (let i = 0; i < 20; i++) await post(i);
  await h.stopWorker(); // the API keeps taking events while no worker runs
  for (let i = 20; i < 40; i++) await post(i);
  await h.startWorker();
  for (let i = 40; i < total; i++) await post(i);
  expect(posted).toBe(total);

  const counts = await eventually(
    async () => {
      const docs = await h.storage.models.customers.find({ customerId: { $in: customers } }).lean();
      const sum = docs.reduce((n, d) => n + ((d.counts as { events: number }).events ?? 0), 0);
      return sum === total ? docs : undefined;
    },
    60_000,
    'every event applied',
  );
  expect(counts).toHaveLength(3);
  const processed = await h.storage.models.processedEvents.countDocuments({ customerId: { $in: customers } });
  expect(processed).toBe(total);
});
