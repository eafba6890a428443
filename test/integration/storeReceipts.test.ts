// A receipt written but never signalled (the API died in between, or Temporal was away) must not lose its
// event: sending the event again is answered as a duplicate and signals it after all, until the projection
// has recorded it as processed (storage/models/processedEvent.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceipts } from '../../api/ingest/eventIngestion';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import { eventKey } from '../../storage/documentKeys';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const WORKSPACE = 'default';

describe('receipts and re-sent events', () => {
  it('signals a duplicate whose event was never processed, and only until it is', async () => {
    const customerId = `r-${uid()}`;
    const now = new Date().toISOString();
    const event: CustomerEvent = {
      id: `${customerId}-1`,
      customerId,
      type: 'browse',
      channel: 'web',
      occurredAt: now,
      receivedAt: now,
      properties: { page: '/shoes' },
    };
    const receipts = createReceipts(h.storage.models);
    // What an API that died after writing the receipt leaves behind.
    expect(await receipts.insertReceipts(WORKSPACE, [event])).toEqual(new Set());
    expect(await receipts.unprocessedOf(WORKSPACE, [event])).toEqual([event]);

    const { id, customerId: c, type, channel, properties } = event;
    const again = await h.request('POST', '/v1/events', { id, customerId: c, type, channel, properties });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 0, duplicates: 1 });

    const customer = await eventually(async () => {
      const r = await h.request('GET', `/v1/customers/${customerId}`);
      return r.status === 200 && r.body.counts?.events === 1 ? r.body : undefined;
    });
    expect(customer.counts.events).toBe(1);
    expect(await h.storage.models.processedEvents.findById(eventKey(WORKSPACE, id)).lean()).toMatchObject({
      eventId: id,
      customerId,
    });
    // Processed now: a further copy is a duplicate and is not signalled again.
    expect(await receipts.unprocessedOf(WORKSPACE, [event])).toEqual([]);
    expect(await receipts.insertReceipts(WORKSPACE, [event])).toEqual(new Set([id]));
  });
});
