import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid, zoneWhereItIs } from '../support/harness';

// "channel": "auto" and "sendAt": "optimal" through the real API, worker, Temporal and FerretDB: engagement
// events teach the customer's workflow, and the answer, the ledger and the timeline show what it chose and why.

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ policyTtlMs: 500 });
  const { version: _version, ...policy } = defaultPolicy;
  const put = await h.request('PUT', '/v1/policy', {
    ...policy,
    // SMS and push wake a phone; email waits in the inbox.
    quietHours: { ...policy.quietHours, channels: ['sms', 'push'] },
    // Message ids are random: no exploring, so "optimal" always takes the best hour.
    sendTime: { explorePercent: 0, priorStrength: 5 },
  });
  expect(put.status).toBe(200);
  // Workers trust a policy they read for 500 ms.
  await new Promise((r) => setTimeout(r, 1_000));
});
afterAll(async () => {
  await h?.close();
});

const HOUR = 3_600_000;

async function identify(customerId: string, traits: Record<string, unknown>) {
  const res = await h.request('POST', '/v1/events', {
    id: `${customerId}-identify`,
    customerId,
    type: 'identify',
    channel: 'web',
    properties: { traits },
  });
  expect(res.status).toBe(202);
}

const ask = (customerId: string, body: Record<string, unknown>) =>
  h.request('POST', `/v1/customers/${customerId}/contact-requests`, body);

/**
 * Receipts on `channel`, the first `opened` of them opened by a person (an engagement event through the API),
 * at `openedAt(i)` when given.
 */
async function receipts(
  customerId: string,
  channel: string,
  count: number,
  opened: number,
  openedAt?: (i: number) => number,
) {
  for (let i = 0; i < count; i++) {
    const res = await ask(customerId, {
      id: `${customerId}-${channel}-${i}`,
      channel,
      category: 'transactional',
      content: { body: `Receipt ${i}` },
    });
    expect(res.body).toMatchObject({ decision: 'sent', channel });
    if (i >= opened) continue;
    const open = await h.request('POST', '/v1/events', {
      id: `${customerId}-${channel}-${i}-open`,
      customerId,
      type: 'engagement',
      channel,
      ...(openedAt ? { occurredAt: new Date(openedAt(i)).toISOString() } : {}),
      properties: { messageId: res.body.messageId, action: 'opened' },
    });
    expect(open.status).toBe(202);
  }
}

async function timelineDecision(customerId: string, requestId: string) {
  return eventually(
    async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/timeline`);
      return (res.body.entries as any[] | undefined)?.find(
        (e) => e.kind === 'decision' && e.requestId === requestId,
      );
    },
    15_000,
    `the decision of ${requestId} in the timeline`,
  );
}

describe('"channel": "auto"', () => {
  it('sends on the channel the customer opens, with the scores and the reason in the decision inputs', async () => {
    const customerId = `auto-${uid()}`;
    await identify(customerId, { email: 'ada@example.com', pushToken: 'tok-1', timezone: zoneWhereItIs(13) });
    await receipts(customerId, 'push', 3, 3);
    await receipts(customerId, 'email', 2, 0);

    const res = await ask(customerId, { id: `${customerId}-promo`, channel: 'auto', category: 'promotion' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: 'sent', reason: 'ok', channel: 'push' });
    const decision = await timelineDecision(customerId, `${customerId}-promo`);
    expect(decision).toMatchObject({
      channel: 'push',
      inputs: {
        channelChoice: {
          channel: 'push',
          reason: 'engagement',
          scores: { push: 1, email: 0 },
          channelsSeen: 2,
          candidates: ['email', 'push'],
        },
      },
    });
    const ledger = await h.request('GET', `/v1/customers/${customerId}/ledger`);
    expect(ledger.body.contacts.find((c: any) => c.requestId === `${customerId}-promo`)).toMatchObject({
      channel: 'push',
      decision: 'sent',
      channelChoice: { channel: 'push', reason: 'engagement', candidates: ['email', 'push'] },
    });
  });

  it('a customer it knows nothing about gets the policy fallback order', async () => {
    const customerId = `auto-new-${uid()}`;
    await identify(customerId, {
      email: 'bo@example.com',
      phone: '+15550100',
      pushToken: 'tok-2',
      timezone: zoneWhereItIs(13),
    });

    const res = await ask(customerId, { id: `${customerId}-promo`, channel: 'auto', category: 'newsletter' });

    expect(res.body).toMatchObject({ decision: 'sent', channel: 'email' });
    const decision = await timelineDecision(customerId, `${customerId}-promo`);
    expect(decision.inputs.channelChoice).toMatchObject({
      reason: 'fallback_order',
      candidates: ['email', 'sms', 'push'],
    });
  });

  it('moves the message out of quiet hours on the chosen channel to another allowed one, instead of deferring', async () => {
    const customerId = `auto-night-${uid()}`;
    // 23:00 for the customer: quiet hours hold push and SMS, not email.
    await identify(customerId, { email: 'cy@example.com', pushToken: 'tok-3', timezone: zoneWhereItIs(23) });
    await receipts(customerId, 'push', 3, 3);
    await receipts(customerId, 'email', 2, 0);

    const res = await ask(customerId, { id: `${customerId}-promo`, channel: 'auto', category: 'promotion' });

    expect(res.body).toMatchObject({ decision: 'sent', reason: 'ok', channel: 'email' });
    const decision = await timelineDecision(customerId, `${customerId}-promo`);
    expect(decision.inputs.channelChoice).toMatchObject({
      channel: 'email',
      movedFrom: 'push',
      movedBecause: 'quiet_hours',
    });
    // Asked on push itself, the same message waits for the morning.
    const fixed = await ask(customerId, {
      id: `${customerId}-push`,
      channel: 'push',
      category: 'newsletter',
    });
    expect(fixed.body).toMatchObject({ decision: 'scheduled', reason: 'quiet_hours', channel: 'push' });
  });

  it('with no channel it may use, is suppressed with the truthful reason', async () => {
    const customerId = `auto-none-${uid()}`;
    await identify(customerId, { name: 'No Address', timezone: zoneWhereItIs(13) });
    const res = await ask(customerId, { id: `${customerId}-promo`, channel: 'auto', category: 'promotion' });
    expect(res.body).toMatchObject({ decision: 'suppressed', reason: 'unreachable' });
    expect(res.body.channel).toBeUndefined();
  });
});

describe('"sendAt": "optimal"', () => {
  it("schedules a marketing message for the customer's best hour within 24 hours, and says why", async () => {
    const customerId = `optimal-${uid()}`;
    await identify(customerId, { email: 'di@example.com', timezone: zoneWhereItIs(13) });
    // Yesterday, about four hours later on the clock than now (17:00 for the customer): opened every time.
    const bestHourStart = Math.floor((Date.now() + 4 * HOUR) / HOUR) * HOUR;
    await receipts(customerId, 'email', 5, 5, (i) => bestHourStart - 24 * HOUR + (i + 1) * 60_000);

    const res = await ask(customerId, {
      id: `${customerId}-weekly`,
      channel: 'email',
      category: 'newsletter',
      sendAt: 'optimal',
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision: 'scheduled',
      reason: 'optimal_time',
      channel: 'email',
      scheduledFor: new Date(bestHourStart).toISOString(),
    });
    const decision = await timelineDecision(customerId, `${customerId}-weekly`);
    expect(decision).toMatchObject({
      decision: 'scheduled',
      inputs: { sendTime: { at: bestHourStart, reason: 'optimal' } },
    });
    expect(decision.inputs.sendTime.customerWeight).toBeGreaterThan(0.4);
    expect(decision.inputs.sendTime.engagements).toBeGreaterThan(4.9);
    const ledger = await h.request('GET', `/v1/customers/${customerId}/ledger`);
    expect(ledger.body.contacts.find((c: any) => c.requestId === `${customerId}-weekly`)).toMatchObject({
      decision: 'scheduled',
      channel: 'email',
      scheduledFor: new Date(bestHourStart).toISOString(),
      sendTime: { at: new Date(bestHourStart).toISOString(), reason: 'optimal' },
    });
  });
});

describe('bad combinations are 400s naming the field', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'candidates with a fixed channel',
      { channel: 'email', category: 'promotion', candidates: ['sms'] },
      'candidates',
      /only/,
    ],
    [
      '"optimal" for a transactional message',
      { channel: 'email', category: 'transactional', sendAt: 'optimal' },
      'sendAt',
      /marketing categories/,
    ],
    ['an unknown sendAt', { channel: 'auto', category: 'promotion', sendAt: 'later' }, 'sendAt', /optimal/],
    [
      'an unknown candidate',
      { channel: 'auto', category: 'promotion', candidates: ['fax'] },
      'candidates.0',
      /one of/,
    ],
    [
      'an empty candidate list',
      { channel: 'auto', category: 'promotion', candidates: [] },
      'candidates',
      /at least/,
    ],
    ['an unknown channel', { channel: 'pigeon', category: 'promotion' }, 'channel', /"auto"/],
  ];
  for (const [name, body, path, message] of cases) {
    it(name, async () => {
      const res = await ask(`bad-${uid()}`, { id: `r-${uid()}`, ...body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const error = (res.body.errors as { path: string; message: string }[]).find((e) => e.path === path);
      expect(error?.message).toMatch(message);
    });
  }
});
