import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../api/app';
import { customerWorkflowId } from '../../workflows/customer/messages';
import { customerStateQuery } from '../../workflows/customer/messages';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

async function customerWhen(customerId: string, ready: (body: any) => boolean) {
  return eventually(
    async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}`);
      return res.status === 200 && ready(res.body) ? res.body : undefined;
    },
    30_000,
    `customer ${customerId}`,
  );
}

describe('POST /v1/events → customer workflow → MongoDB', () => {
  it('scores a negative message, opens a case, keeps traits and consent, and shows them in GET /v1/customers/{id}', async () => {
    const customerId = `c-${uid()}`;
    const events = [
      {
        id: `${customerId}-1`,
        customerId,
        type: 'identify',
        channel: 'web',
        properties: { traits: { name: 'Ada', tier: 'gold', timezone: 'Europe/Paris' } },
      },
      {
        id: `${customerId}-2`,
        customerId,
        type: 'consent',
        channel: 'web',
        properties: { channel: 'sms', status: 'opted_out' },
      },
      {
        id: `${customerId}-3`,
        customerId,
        type: 'message',
        channel: 'chat',
        text: 'My order never arrived and nobody answers. This is terrible, I want a refund.',
      },
    ];
    const res = await h.request('POST', '/v1/events', { events });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 3, duplicates: 0 });

    const customer = await customerWhen(customerId, (c) => c.counts.events === 3);
    expect(customer.traits).toMatchObject({ name: 'Ada', tier: 'gold', timezone: 'Europe/Paris' });
    expect(customer.consent).toEqual({ sms: 'opted_out' });
    expect(customer.sentiment.label).toBe('negative');
    expect(customer.sentiment.score).toBeLessThan(0);
    expect(customer.openCases).toHaveLength(1);
    expect(customer.openCases[0]).toMatchObject({ reason: 'negative_message', openedBy: `${customerId}-3` });
    expect(customer.atRisk).toBe(true);

    // The event read model carries the score the workflow computed, beside the receipt the API wrote.
    const stored = await h.storage.models.events.findOne({ eventId: `${customerId}-3` }).lean();
    const processed = await h.storage.models.processedEvents.findOne({ eventId: `${customerId}-3` }).lean();
    expect(processed?.label).toBe('negative');
    expect(stored?.text).toContain('never arrived');

    // case_resolved closes it.
    const caseId = customer.openCases[0].caseId;
    await h.request('POST', '/v1/events', {
      id: `${customerId}-4`,
      customerId,
      type: 'case_resolved',
      channel: 'ops',
      properties: { caseId },
    });
    const resolved = await customerWhen(customerId, (c) => c.counts.events === 4);
    expect(resolved.openCases).toEqual([]);
  });

  it('opens a case on a disruption and makes the workflow searchable by CustomerId', async () => {
    const customerId = `c-${uid()}`;
    await h.request('POST', '/v1/events', {
      id: `${customerId}-d`,
      customerId,
      type: 'disruption',
      channel: 'ops',
      properties: { kind: 'flight_cancelled', severity: 'high' },
    });
    const customer = await customerWhen(customerId, (c) => c.counts.events === 1);
    expect(customer.openCases[0]).toMatchObject({ reason: 'disruption', disruptionKind: 'flight_cancelled' });

    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const wf of h.client.workflow.list({
          query: `CustomerId = '${customerId}' AND OpenCases = 1`,
        }))
          ids.push(wf.workflowId);
        return ids.length > 0 ? ids : undefined;
      },
      30_000,
      'visibility',
    );
    expect(found).toEqual([customerWorkflowId('default', customerId)]);
  });

  it('counts a re-sent event id as a duplicate and changes nothing', async () => {
    const customerId = `c-${uid()}`;
    const event = {
      id: `${customerId}-once`,
      customerId,
      type: 'purchase',
      channel: 'store',
      properties: { orderId: 'o-1', amount: 42 },
    };
    expect((await h.request('POST', '/v1/events', event)).body).toEqual({ accepted: 1, duplicates: 0 });
    await customerWhen(customerId, (c) => c.counts.events === 1);

    const again = await h.request('POST', '/v1/events', { events: [event, event] });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 0, duplicates: 2 });

    // A signal straight to the workflow (bypassing the API's receipts) is ignored by the workflow itself.
    await h.client.workflow
      .getHandle(customerWorkflowId('default', customerId))
      .signal('ingestEvents', [
        { ...event, occurredAt: new Date().toISOString(), receivedAt: new Date().toISOString() },
      ]);
    const state = await h.client.workflow
      .getHandle(customerWorkflowId('default', customerId))
      .query(customerStateQuery);
    expect(state.counts.events).toBe(1);
    expect(state.counts.purchase).toBe(1);
  });

  it('takes the valid events of a mixed batch and names each rejected one by index, field and reason', async () => {
    const customerId = `c-${uid()}`;
    const res = await h.request('POST', '/v1/events', {
      events: [
        { id: `${customerId}-ok1`, customerId, type: 'browse', channel: 'web' },
        { id: `${customerId}-bad1`, customerId, type: 'teleport', channel: 'web' },
        {
          id: `${customerId}-ok2`,
          customerId,
          type: 'message',
          channel: 'email',
          text: 'Thanks, the agent fixed it quickly!',
        },
        { customerId, type: 'browse', channel: 'web' },
        {
          id: `${customerId}-bad3`,
          customerId: 'has spaces',
          type: 'browse',
          channel: 'web',
          text: 'x'.repeat(10_001),
        },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.duplicates).toBe(0);
    const rejected = res.body.rejected as { index: number; errors: { path: string; message: string }[] }[];
    expect(rejected.map((r) => r.index)).toEqual([1, 3, 4]);
    expect(rejected[0].errors).toEqual([
      { path: 'events.1.type', message: expect.stringContaining('type must be one of') },
    ]);
    expect(rejected[1].errors[0].path).toBe('events.3.id');
    expect(rejected[2].errors.map((e) => e.path).sort()).toEqual(['events.4.customerId', 'events.4.text']);

    const customer = await customerWhen(customerId, (c) => c.counts.events === 2);
    expect(customer.counts).toMatchObject({ browse: 1, message: 1 });
  });

  it('decides a contact request knowing the events sent just before it', async () => {
    const customerId = `fresh-${uid()}`;
    // A busy customer: the workflow applies 100 events per round, so the complaint at the end of this batch
    // is applied a round later, after the read model of the first round is written.
    const browsing = Array.from({ length: 100 }, (_, i) => ({
      id: `${customerId}-b${i}`,
      customerId,
      type: 'browse',
      channel: 'web',
    }));
    const complaint = {
      id: `${customerId}-complaint`,
      customerId,
      type: 'message',
      channel: 'email',
      text: 'My order never arrived, nobody answers the phone and I am furious.',
    };
    expect((await h.request('POST', '/v1/events', { events: [...browsing, complaint] })).status).toBe(202);
    // At once, without waiting for the read model: the workflow applies the complaint before deciding.
    const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `${customerId}-promo`,
      channel: 'email',
      category: 'promotion',
    });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('suppressed');
    expect(['open_case', 'negative_sentiment']).toContain(res.body.reason);
  });

  it('takes the largest batches the contract allows: 300 long messages of one customer, in several signals', async () => {
    const customerId = `long-${uid()}`;
    // 300 × 9,000 characters is about 2.7 MB: over Temporal's 2 MB payload limit if sent as one signal.
    const events = Array.from({ length: 300 }, (_, i) => ({
      id: `${customerId}-${i}`,
      customerId,
      type: 'message',
      channel: 'email',
      text: `Message ${i}: the parcel is late again. `.padEnd(9_000, 'still waiting for it. '),
    }));
    const res = await h.request('POST', '/v1/events', { events });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 300, duplicates: 0 });
    const customer = await customerWhen(customerId, (c) => c.counts.events === 300);
    expect(customer.sentiment.label).toBe('negative');
  });

  it('refuses an all-invalid body, malformed JSON, a body over the limit and a missing key with problem+json', async () => {
    const invalid = await h.request('POST', '/v1/events', { events: [{ id: 'x' }] });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body).toMatchObject({
      status: 400,
      title: 'Invalid request',
      type: expect.any(String),
      detail: expect.any(String),
    });
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toContain('events.0.customerId');

    const malformed = await h.request('POST', '/v1/events', '{"id": "x", ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.title).toBe('Malformed JSON');

    const huge = await h.request('POST', '/v1/events', {
      id: 'big',
      customerId: 'c',
      type: 'message',
      channel: 'chat',
      text: 'y'.repeat(BODY_LIMIT + 1),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');

    const tooMany = await h.request('POST', '/v1/events', {
      events: Array.from({ length: 501 }, (_, i) => ({ id: `e${i}` })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('events');

    const noKey = await h.request('GET', '/v1/customers/c', undefined, { authorization: '' });
    expect(noKey.status).toBe(401);
    const badKey = await h.request('GET', '/v1/customers/c', undefined, { authorization: 'Bearer nope' });
    expect(badKey.status).toBe(401);
    expect(badKey.body.type).toBe('urn:tutti:problem:unauthorized');
  });

  it('answers health and readiness', async () => {
    expect((await h.request('GET', '/healthz')).status).toBe(200);
    // Ready means a real query answers and a worker polls this task queue (its first poll takes a moment).
    const ready = await eventually(async () => {
      const res = await h.request('GET', '/readyz');
      return res.status === 200 ? res : undefined;
    });
    expect(ready.body.checks).toEqual({ temporal: 'ok', mongodb: 'ok', worker: 'ok' });
  });

  it('counts events taken in, by outcome, on GET /metrics', async () => {
    const scrape = async () => {
      const res = await fetch(`${h.baseUrl}/metrics`);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      const count = (outcome: string) =>
        Number(
          text.match(new RegExp(`^tutti_events_ingested_total\\{outcome="${outcome}"\\} (\\d+)`, 'm'))?.[1] ??
            0,
        );
      return { accepted: count('accepted'), duplicate: count('duplicate'), rejected: count('rejected') };
    };
    const before = await scrape();
    const customerId = `m-${uid()}`;
    const event = { id: `${customerId}-1`, customerId, type: 'browse', channel: 'web' };
    await h.request('POST', '/v1/events', { events: [event, event, { id: 'bad' }] });
    expect(await scrape()).toEqual({
      accepted: before.accepted + 1,
      duplicate: before.duplicate + 1,
      rejected: before.rejected + 1,
    });
  });
});
