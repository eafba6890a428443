// Free-form objects storage cannot hold as they are — an ordinary cart as nested arrays, keys with `$` or
// `.` — go through the whole path (API, workflow, activities, FerretDB) and come back exactly as sent. Before
// storage/freeForm.ts, FerretDB v1 refused each of them: the event batch was a 500 and its valid events were
// never signalled, and a transactional message was never delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const cart = {
  items: [
    ['sku-1', 2],
    ['sku-2', 1],
  ],
  'utm.source': 'newsletter',
  $coupon: 'SPRING',
};
const traits = { name: 'Ada', 'address.city': 'Paris', sizes: [['M', 'L']], $segment: 'vip' };
const data = { orderId: 'o-1', 'line.items': [['sku-1', 2]], $total: 42.5 };

describe('free-form objects storage cannot hold as they are', () => {
  it('takes them in events, shows them in the timeline and the customer as sent', async () => {
    const customerId = `ff-${uid()}`;
    const res = await h.request('POST', '/v1/events', {
      events: [
        { id: `${customerId}-1`, customerId, type: 'identify', channel: 'web', properties: { traits } },
        { id: `${customerId}-2`, customerId, type: 'cart_updated', channel: 'web', properties: cart },
        { id: `${customerId}-3`, customerId, type: 'browse', channel: 'web', properties: { page: '/' } },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 3, duplicates: 0 });

    const customer = await eventually(async () => {
      const r = await h.request('GET', `/v1/customers/${customerId}`);
      return r.status === 200 && r.body.counts?.events === 3 ? r.body : undefined;
    });
    expect(customer.traits).toEqual(traits);

    const timeline = await h.request('GET', `/v1/customers/${customerId}/timeline`);
    const properties = Object.fromEntries(
      timeline.body.entries
        .filter((e: { kind: string }) => e.kind === 'event')
        .map((e: { eventId: string; properties: unknown }) => [e.eventId, e.properties]),
    );
    expect(properties).toEqual({
      [`${customerId}-1`]: { traits },
      [`${customerId}-2`]: cart,
      [`${customerId}-3`]: { page: '/' },
    });
  });

  it('delivers a transactional message whose content.data has them, and shows it in the outbox as sent', async () => {
    const customerId = `ff-${uid()}`;
    const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: 'order-confirmation',
      channel: 'email',
      category: 'transactional',
      priority: 100,
      campaign: 'orders',
      content: { subject: 'Your order', body: 'Confirmed', data },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: 'sent' });

    const message = await eventually(async () => {
      const r = await h.request('GET', `/v1/customers/${customerId}/outbox`);
      const m = r.body.messages?.[0];
      return m?.status === 'delivered' ? m : undefined;
    });
    expect(message).toMatchObject({
      messageId: res.body.messageId,
      content: { subject: 'Your order', body: 'Confirmed', data },
    });
  });
});
