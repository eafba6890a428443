import { describe, expect, it } from 'vitest';
import type { Channel, ContactRequest } from '../../domain/contact';
import type { PolicyDocument } from '../../domain/policy';
import { HOURS_OF_WEEK, hourOfWeekAt, zoneOrUtc } from '../../domain/personalization/hourOfWeek';
import { defaultPolicy } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { zoneWhereItIs } from '../support/zoneWhereItIs';
import type { TestCustomer } from './support/customerBench';
import { customerBench } from './support/customerBench';
import { customerEvent } from './support/events';

// "auto" and "optimal" in the real customer workflow on a real Temporal server: the engagement profile is
// learned from the messages it sends and the opens it hears, carried across continue-as-new, and decided on.

const HOUR = 3_600_000;

/** No quiet hours (they would depend on when the suite runs), and no exploring (message ids are random). */
const policy: PolicyDocument = {
  ...defaultPolicy,
  quietHours: { ...defaultPolicy.quietHours, categories: [] },
  sendTime: { explorePercent: 0, priorStrength: 5 },
};

const identify = (traits: Record<string, unknown>) => customerEvent('identify', { properties: { traits } });
const receipt = (id: string, channel: Channel): ContactRequest => ({
  id,
  channel,
  category: 'transactional',
  priority: 50,
});
const optimalNewsletter = (id: string): ContactRequest => ({
  id,
  channel: 'email',
  category: 'newsletter',
  priority: 50,
  sendAt: 'optimal',
});
/** The increments the customer's workflow counted for the workspace prior (family `e`). */
const workspaceIncrements = (customer: TestCustomer) =>
  customer
    .counterBatches()
    .flatMap((b) => b.increments)
    .filter((i) => i.key.startsWith('e|'));
const opened = (messageId: string, channel: Channel, at?: number) => {
  const event = customerEvent('engagement', {
    channel: channel === 'webhook' ? 'web' : channel,
    properties: { messageId, action: 'opened' },
  });
  if (at === undefined) return event;
  const when = new Date(at).toISOString();
  return { ...event, occurredAt: when };
};

/** Receipts on `channel`, each opened by a person when `openAt` says (now by default). */
async function history(
  customer: TestCustomer,
  channel: Channel,
  count: number,
  opens: number,
  openAt?: (i: number) => number,
) {
  for (let i = 0; i < count; i++) {
    const answer = await customer.asks(receipt(`${channel}-${i}`, channel));
    expect(answer).toMatchObject({ decision: 'sent', channel });
    if (i < opens) await customer.sends(opened(answer.messageId!, channel, openAt?.(i)));
  }
}

const bench = customerBench();

describe('"channel": "auto" in the customer workflow', () => {
  it('goes on the channel the customer opens, with the scores in the decision inputs', async () => {
    const customer = await bench.customer({ policy });
    await customer.sends(identify({ email: 'ada@example.com', pushToken: 'tok-1' }));
    await history(customer, 'push', 3, 3);
    await history(customer, 'email', 2, 0);

    const answer = await customer.asks({
      id: 'auto-1',
      channel: 'auto',
      category: 'promotion',
      priority: 50,
    });

    expect(answer).toMatchObject({ decision: 'sent', reason: 'ok', channel: 'push' });
    const decision = await eventually(
      () => customer.decisions().find((d) => d.requestId === 'auto-1'),
      10_000,
      'the decision mirrored',
    );
    expect(decision).toMatchObject({ channel: 'push', inputs: { channelChoice: { reason: 'engagement' } } });
    expect(decision.inputs).toMatchObject({
      channelChoice: { channel: 'push', scores: { push: 1, email: 0 }, channelsSeen: 2 },
    });
    const delivered = await eventually(
      () => customer.deliveries().find((d) => d.requestId === 'auto-1'),
      10_000,
      'the delivery',
    );
    expect(delivered.channel).toBe('push');
  });

  it('a new customer gets the fallback order among the channels it has an address for', async () => {
    const customer = await bench.customer({ policy });
    await customer.sends(identify({ phone: '+15550100', pushToken: 'tok-1' }));
    expect(
      await customer.asks({ id: 'auto-1', channel: 'auto', category: 'promotion', priority: 50 }),
    ).toMatchObject({ decision: 'sent', channel: 'push' });
    expect(
      await customer.asks({ id: 'auto-2', channel: 'auto', category: 'promotion', priority: 50 }),
    ).toMatchObject({ decision: 'sent', channel: 'push' });
  });

  it('moves out of quiet hours that hold the chosen channel only, instead of deferring', async () => {
    const customer = await bench.customer({
      policy: {
        ...policy,
        quietHours: { ...defaultPolicy.quietHours, channels: ['sms', 'push'] },
      },
    });
    // 23:00 for the customer: quiet hours hold push, not email.
    await customer.sends(
      identify({ email: 'ada@example.com', pushToken: 'tok-1', timezone: zoneWhereItIs(23) }),
    );
    await history(customer, 'push', 3, 3);
    await history(customer, 'email', 2, 0);

    expect(
      await customer.asks({ id: 'auto-1', channel: 'auto', category: 'promotion', priority: 50 }),
    ).toMatchObject({ decision: 'sent', channel: 'email' });
    const decision = await eventually(
      () => customer.decisions().find((d) => d.requestId === 'auto-1'),
      10_000,
      'the decision mirrored',
    );
    expect(decision.inputs).toMatchObject({
      channelChoice: { channel: 'email', movedFrom: 'push', movedBecause: 'quiet_hours' },
    });
  });

  it('keeps what it learned across continue-as-new', async () => {
    const customer = await bench.customer({ policy, continueAsNewAfterHistoryLength: 60 });
    await customer.sends(identify({ email: 'ada@example.com', phone: '+15550100' }));
    await history(customer, 'sms', 3, 3);
    await history(customer, 'email', 2, 0);
    const firstRun = customer.handle.firstExecutionRunId;
    for (let i = 0; i < 40 && (await customer.handle.describe()).runId === firstRun; i++) {
      await customer.sends(customerEvent('browse'));
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await customer.handle.describe()).runId).not.toBe(firstRun);

    expect(
      await customer.asks({ id: 'auto-1', channel: 'auto', category: 'newsletter', priority: 50 }),
    ).toMatchObject({ decision: 'sent', channel: 'sms' });
  });
});

describe('"sendAt": "optimal" in the customer workflow', () => {
  it("sends a customer without history at the workspace's best hour, and counts its sends and opens for the workspace", async () => {
    // The workspace's customers open most some five hours from now on the clock (UTC: no zone given).
    const bestHourStart = Math.floor((Date.now() + 5 * HOUR) / HOUR) * HOUR;
    const hours = new Array<number>(HOURS_OF_WEEK).fill(1);
    hours[hourOfWeekAt(bestHourStart, zoneOrUtc('UTC'))] = 50;
    const customer = await bench.customer({ policy, workspaceProfile: { hours, channels: {} } });
    await customer.sends(identify({ email: 'new@example.com' }));

    const answer = await customer.asks(optimalNewsletter('first-newsletter'));
    expect(answer).toMatchObject({
      decision: 'scheduled',
      reason: 'optimal_time',
      scheduledFor: new Date(bestHourStart).toISOString(),
    });

    const sent = await customer.asks(receipt('receipt-1', 'email'));
    await customer.sends(opened(sent.messageId!, 'email'), opened(sent.messageId!, 'email'));
    const counted = await eventually(
      () => {
        const keys = workspaceIncrements(customer);
        return keys.length >= 3 ? keys : undefined;
      },
      10_000,
      'the workspace counters',
    );
    // The receipt received, and its open at that hour on that channel, once however many times it was opened.
    expect(counted.every((i) => i.by === 1)).toBe(true);
    await customer.sends(customerEvent('browse'));
    await eventually(
      () => customer.processedEvents().find((e) => e.type === 'browse'),
      10_000,
      'a later event',
    );
    const engagementKeys = workspaceIncrements(customer).map((i) => i.key);
    expect(new Set(engagementKeys).size).toBe(engagementKeys.length);
  });

  it("schedules marketing for the customer's best hour within 24 h, with the reason", async () => {
    const customer = await bench.customer({ policy });
    await customer.sends(identify({ email: 'ada@example.com' }));
    // Opened yesterday, some three hours from now on the clock: that hour today is the best one ahead.
    const bestHourStart = Math.floor((Date.now() + 3 * HOUR) / HOUR) * HOUR;
    await history(customer, 'email', 6, 6, (i) => bestHourStart - 24 * HOUR + i * 60_000);

    const answer = await customer.asks(optimalNewsletter('weekly'));

    expect(answer).toMatchObject({
      decision: 'scheduled',
      reason: 'optimal_time',
      channel: 'email',
      scheduledFor: new Date(bestHourStart).toISOString(),
    });
    const decision = await eventually(
      () => customer.decisions().find((d) => d.requestId === 'weekly'),
      10_000,
      'the decision mirrored',
    );
    expect(decision.inputs).toMatchObject({
      sendTime: { at: bestHourStart, reason: 'optimal', engagements: expect.any(Number) },
    });
  });
});
