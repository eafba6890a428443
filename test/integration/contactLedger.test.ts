import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../domain/contact';
import { defaultPolicy } from '../../domain/policy';
import type { customerWorkflow } from '../../workflows/customer/customerWorkflow';
import { CUSTOMER_WORKFLOW_TYPE, requestContactUpdate } from '../../workflows/customer/messages';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid, zoneWhereItIs } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  // Workers re-read the policy every half second, so a PUT /v1/policy is in force at once.
  h = await createHarness({ policyTtlMs: 500 });
});
afterAll(async () => {
  await h?.close();
});

const MARKETING = ['promotion', 'newsletter', 'reminder', 'survey', 'advocacy'] as const;
const HOUR = 3_600_000;

/** Early afternoon in the customer's zone, so quiet hours stay out of a test's way. */
const afternoonZone = () => zoneWhereItIs(13);

async function identify(customerId: string, traits: Record<string, unknown>) {
  await h.request('POST', '/v1/events', {
    id: `${customerId}-id`,
    customerId,
    type: 'identify',
    channel: 'web',
    properties: { traits },
  });
  await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${customerId}`);
    return res.status === 200 ? res.body : undefined;
  });
}

const ask = (customerId: string, body: Record<string, unknown>) =>
  h.request('POST', `/v1/customers/${customerId}/contact-requests`, body);

describe('the retailer story: 20 marketing requests in minutes', () => {
  it('sends at most the capped marketing, always the transactional, answers every request with a reason, and gives scheduled slots to the highest priorities', async () => {
    const customerId = `shopper-${uid()}`;
    await identify(customerId, { email: 'ada@example.com', timezone: afternoonZone(), tier: 'gold' });
    await h.request('POST', '/v1/events', {
      id: `${customerId}-cart`,
      customerId,
      type: 'cart_abandoned',
      channel: 'web',
      properties: { cartId: 'cart-1', items: 3 },
    });

    const channels = ['email', 'sms', 'push'] as const;
    const expiresAt = new Date(Date.now() + 72 * HOUR).toISOString();
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: `${customerId}-m${i}`,
      channel: channels[i % 3],
      category: MARKETING[i % 5],
      // Arrival order and priority are unrelated: 7 * i mod 101 scatters them.
      priority: (7 * i + 13) % 101,
      campaign: `campaign-${i % 8}`,
      content: { subject: `Offer ${i}`, body: 'Something you might like' },
      expiresAt,
    }));
    const answers = [];
    for (const request of requests) {
      const res = await ask(customerId, request);
      expect(res.status).toBe(200);
      answers.push({ request, answer: res.body });
    }
    const confirmation = await ask(customerId, {
      id: `${customerId}-order`,
      channel: 'email',
      category: 'transactional',
      priority: 100,
      content: { subject: 'Your order', body: 'Order #1 confirmed' },
    });
    expect(confirmation.body).toMatchObject({
      decision: 'sent',
      reason: 'ok',
      messageId: expect.any(String),
    });

    // Every request has an answer with a reason and the policy version it was decided under.
    for (const { request, answer } of answers) {
      expect(answer.requestId).toBe(request.id);
      expect(['sent', 'scheduled', 'suppressed']).toContain(answer.decision);
      expect(answer.reason).toEqual(expect.any(String));
      expect(answer.policyVersion).toBe(1);
    }
    // A request's answer is what was decided then; a later, higher-priority request may take its slot.
    // The ledger holds each message's latest decision.
    const ledger = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/ledger?limit=100`);
      const contacts = res.body.contacts as {
        messageId: string;
        requestId: string;
        decision: string;
        reason: string;
        priority: number;
        category: string;
      }[];
      const marketing = contacts.filter((c) => c.category !== 'transactional');
      return contacts.length === 21 && marketing.filter((c) => c.decision === 'scheduled').length === 3
        ? contacts
        : undefined;
    });
    const marketing = ledger.filter((c) => c.category !== 'transactional');
    const sent = marketing.filter((c) => c.decision === 'sent');
    const scheduled = marketing.filter((c) => c.decision === 'scheduled');
    const suppressed = marketing.filter((c) => c.decision === 'suppressed');
    // marketing-24h: 2 now; the 7-day cap (5) leaves room for 3 more later, within the 72h expiry.
    expect(sent).toHaveLength(2);
    expect(scheduled).toHaveLength(3);
    expect(suppressed).toHaveLength(15);
    // Among the messages competing for later slots, the highest priorities hold them.
    const lowestScheduled = Math.min(...scheduled.map((c) => c.priority));
    const highestSuppressed = Math.max(...suppressed.map((c) => c.priority));
    expect(lowestScheduled).toBeGreaterThan(highestSuppressed);
    for (const c of suppressed) expect(c.reason).toMatch(/^(frequency_cap:|lower_priority)/);
    // The two sent are the first two asked: nothing takes back a message already sent.
    expect(sent.map((c) => c.requestId).sort()).toEqual([requests[0].id, requests[1].id].sort());

    // The same request id gets the same answer.
    const again = await ask(customerId, requests[0]);
    expect(again.body).toEqual(answers[0].answer);

    // The outbox holds exactly the 3 messages that went out.
    const outbox = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/outbox`);
      return res.body.messages?.length === 3 ? res.body.messages : undefined;
    });
    expect(new Set(outbox.map((m: { messageId: string }) => m.messageId))).toEqual(
      new Set([confirmation.body.messageId, ...sent.map((c) => c.messageId)]),
    );
    // Every decision is kept with its inputs.
    const decisions = await h.storage.models.decisions.find({ customerId }).lean();
    expect(decisions.length).toBeGreaterThanOrEqual(21);
    expect(decisions[0].inputs).toHaveProperty('caps');
  });

  it('refuses invalid requests with problem+json naming the field', async () => {
    const customerId = `invalid-${uid()}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ id: 'a', channel: 'fax', category: 'promotion' }, 'channel'],
      [{ id: 'a', channel: 'email', category: 'spam' }, 'category'],
      [{ id: 'a', channel: 'email', category: 'promotion', priority: 101 }, 'priority'],
      [
        {
          id: 'a',
          channel: 'email',
          category: 'promotion',
          notBefore: new Date(Date.now() + 2 * HOUR).toISOString(),
          expiresAt: new Date(Date.now() + HOUR).toISOString(),
        },
        'expiresAt',
      ],
      [{ id: 'a', channel: 'email', category: 'promotion', notBefore: '2026-11-23T09:30:00' }, 'notBefore'],
      [
        { id: 'a', channel: 'email', category: 'promotion', content: { body: 'x'.repeat(70_000) } },
        'content',
      ],
      [{ channel: 'email', category: 'promotion' }, 'id'],
      // Reserved: a client's id must not collide with (or be withdrawn along with) a journey's requests.
      [{ id: 'journey:cartRecovery:1:reminder_email', channel: 'email', category: 'promotion' }, 'id'],
      // 65 code points but 130 UTF-16 units: the customer workflow would refuse it, so the API does first.
      [{ id: '\u{1F600}'.repeat(65), channel: 'email', category: 'promotion' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const res = await ask(customerId, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
  });

  it('a malformed request sent straight to the workflow is refused by its update validator (zod, in the sandbox)', async () => {
    const handle = await h.client.workflow.start<typeof customerWorkflow>(CUSTOMER_WORKFLOW_TYPE, {
      workflowId: `test-${uid()}`,
      taskQueue: h.taskQueue,
      args: [{ workspace: 'ws', customerId: `c-${uid()}` }],
    });
    try {
      const malformed = { id: 'r-1', channel: 'fax', category: 'service', priority: 50.5 };
      const refused = await handle
        .executeUpdate(requestContactUpdate, { args: [malformed as unknown as ContactRequest, {}] })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause?.message).toBe(
        'Invalid contact request: channel must be one of email, sms, push, webhook or "auto"; priority must be a whole number',
      );
    } finally {
      await handle.terminate();
    }
  });
});

describe('a request that has already expired', () => {
  it('is answered suppressed/expired, and recorded, not refused', async () => {
    const customerId = `late-${uid()}`;
    await identify(customerId, { email: 'late@example.com', timezone: afternoonZone() });
    const body = {
      id: `${customerId}-r1`,
      channel: 'email',
      category: 'transactional',
      // Minute precision and an offset: both ISO 8601, both accepted.
      expiresAt: new Date(Date.now() - HOUR).toISOString().slice(0, 16) + '+00:00',
    };
    const res = await ask(customerId, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ requestId: body.id, decision: 'suppressed', reason: 'expired' });
    expect(res.body.messageId).toBeUndefined();
    const ledger = await eventually(async () => {
      const page = await h.request('GET', `/v1/customers/${customerId}/ledger`);
      return page.body.contacts?.length === 1 ? page.body.contacts : undefined;
    });
    expect(ledger[0]).toMatchObject({ requestId: body.id, decision: 'suppressed', reason: 'expired' });
  });
});

describe('the airline story: promotions waiting for quiet hours to end, then a cancelled flight', () => {
  it('suppresses them at once with reason disruption, and none reaches the customer', async () => {
    // Quiet hours that started an hour ago and end in one to two minutes (UTC, the customer has no zone).
    const now = new Date();
    const hhmm = (d: Date) =>
      `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const end = new Date(Math.ceil((now.getTime() + 61_000) / 60_000) * 60_000);
    const { version: _v, ...body } = {
      ...defaultPolicy,
      quietHours: {
        ...defaultPolicy.quietHours,
        start: hhmm(new Date(now.getTime() - HOUR)),
        end: hhmm(end),
        defaultTimeZone: 'UTC',
      },
    };
    const put = await h.request('PUT', '/v1/policy', body);
    expect(put.status).toBe(200);
    const version = put.body.version as number;
    // Workers trust a policy they read for policyTtlMs (500 ms here): past that, every decision uses the new one.
    await new Promise((r) => setTimeout(r, 1_000));

    const customerId = `flyer-${uid()}`;
    const promos = ['email', 'push'].map((channel, i) => ({
      id: `${customerId}-promo-${i}`,
      channel,
      category: 'promotion',
      priority: 60,
      campaign: 'book-your-next-trip',
      content: { subject: 'Where to next?' },
    }));
    for (const promo of promos) {
      const res = await ask(customerId, promo);
      expect(res.body).toMatchObject({
        decision: 'scheduled',
        reason: 'quiet_hours',
        policyVersion: version,
      });
      expect(Date.parse(res.body.scheduledFor)).toBe(end.getTime());
    }
    await h.request('POST', '/v1/events', {
      id: `${customerId}-cancelled`,
      customerId,
      type: 'disruption',
      channel: 'ops',
      properties: { kind: 'flight_cancelled', severity: 'high' },
    });

    const settled = await eventually(
      async () => {
        const res = await h.request('GET', `/v1/customers/${customerId}/ledger`);
        const contacts = (
          res.body.contacts as { decision: string; reason: string; campaign?: string }[]
        ).filter((c) => c.campaign === 'book-your-next-trip');
        return contacts.length === 2 && contacts.every((c) => c.decision === 'suppressed')
          ? contacts
          : undefined;
      },
      30_000,
      'the promotions to be decided again as soon as the disruption is known',
    );
    expect(settled.map((c) => c.reason)).toEqual(['disruption', 'disruption']);
    // Not left showing as coming until quiet hours end (SUPPRESS_EXCLUDED_AT_ONCE).
    expect(Date.now()).toBeLessThan(end.getTime());
    // What did reach them: service recovery's apology for the cancelled flight, and no promotion.
    const messages = await eventually(
      async () => {
        const outbox = await h.request('GET', `/v1/customers/${customerId}/outbox`);
        const list = outbox.body.messages as {
          category: string;
          campaign?: string;
          content: { template?: string };
        }[];
        return list.length > 0 ? list : undefined;
      },
      30_000,
      'the apology in the outbox',
    );
    await new Promise((r) => setTimeout(r, Math.max(0, end.getTime() - Date.now()) + 2_000));
    expect(messages.map((m) => [m.category, m.campaign, m.content.template])).toEqual([
      ['service', 'serviceRecovery', 'service-recovery-disruption-apology'],
    ]);
    const after = await h.request('GET', `/v1/customers/${customerId}/outbox`);
    expect(after.body.messages).toHaveLength(1);
    // Inside the 72h disruption window a new promotion is refused outright.
    const later = await ask(customerId, {
      id: `${customerId}-promo-later`,
      channel: 'email',
      category: 'promotion',
    });
    expect(later.body).toMatchObject({ decision: 'suppressed', reason: 'disruption' });
  }, 240_000);
});
