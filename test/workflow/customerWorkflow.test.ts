import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../domain/contact';
import type { PolicyDocument } from '../../domain/policy';
import { defaultPolicy } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { zoneWhereItIs } from '../support/zoneWhereItIs';
import { customerBench } from './support/customerBench';
import { customerEvent } from './support/events';

// The customer workflow's rules on a real Temporal server (real clock), with no MongoDB: the policy is the
// test's, the read model and deliveries are kept in memory.

/** The default policy, with quiet hours over no category: they would depend on when the suite runs. */
const daytimePolicy: PolicyDocument = {
  ...defaultPolicy,
  quietHours: { ...defaultPolicy.quietHours, categories: [] },
};

const promotion = (id: string, more: Partial<ContactRequest> = {}): ContactRequest => ({
  id,
  channel: 'email',
  category: 'promotion',
  priority: 50,
  content: { template: 'spring-sale' },
  ...more,
});
const serviceMessage = (id: string, more: Partial<ContactRequest> = {}): ContactRequest => ({
  ...promotion(id, more),
  category: 'service',
  ...more,
});
const identify = (traits: Record<string, unknown>) => customerEvent('identify', { properties: { traits } });
const complaint = () =>
  customerEvent('message', {
    channel: 'chat',
    text: 'This is terrible. My order is broken and nobody answers. I am furious!',
  });

const bench = customerBench();

describe('the customer workflow decides each contact request', () => {
  it('sends a message to the address the customer gave, and mirrors the decision and the customer', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    await customer.sends(identify({ email: 'ada@example.com', name: 'Ada' }));

    const answer = await customer.asks(promotion('spring-1'));

    expect(answer).toMatchObject({ requestId: 'spring-1', decision: 'sent', reason: 'ok', policyVersion: 1 });
    const [delivery] = await eventually(() => nonEmpty(customer.deliveries()), 10_000, 'the delivery');
    expect(delivery).toMatchObject({
      messageId: answer.messageId,
      requestId: 'spring-1',
      recipient: { email: 'ada@example.com', name: 'Ada' },
      content: { template: 'spring-sale' },
    });
    const [decision] = await eventually(() => nonEmpty(customer.decisions()), 10_000, 'the mirror');
    expect(decision).toMatchObject({ messageId: answer.messageId, decision: 'sent', trigger: 'request' });
    expect(customer.projection()?.view.traits).toEqual({ email: 'ada@example.com', name: 'Ada' });
  });

  it('suppresses marketing after a complaint, which opens a case; service messages still go', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    await customer.sends(complaint());

    expect(await customer.asks(promotion('spring-1'))).toMatchObject({
      decision: 'suppressed',
      reason: 'open_case',
    });
    expect(await customer.asks(serviceMessage('parcel-update'))).toMatchObject({ decision: 'sent' });
    const state = await customer.state();
    expect(state.sentiment.label).toBe('negative');
    expect(state.openCases).toHaveLength(1);
  });

  it('starts service recovery on a complaint, whose apology goes through this customer’s ledger', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    await customer.sends(complaint());

    const apology = await eventually(
      () => customer.decisions().find((d) => d.requestId.endsWith(':apology')),
      15_000,
      'the journey’s apology',
    );
    expect(apology).toMatchObject({ decision: 'sent', category: 'service', campaign: 'serviceRecovery' });
    expect((await customer.state()).activeJourneys).toEqual(['serviceRecovery']);
    expect(customer.journeySteps().map((s) => s.step)).toContain('team_alerted');
  });

  it('suppresses marketing on a channel the customer opted out of, but not a transactional message', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    await customer.sends(customerEvent('consent', { properties: { channel: 'email', status: 'opted_out' } }));

    expect(await customer.asks(promotion('spring-1'))).toMatchObject({
      decision: 'suppressed',
      reason: 'opted_out',
    });
    expect(await customer.asks({ ...promotion('receipt-1'), category: 'transactional' })).toMatchObject({
      decision: 'sent',
    });
  });

  it('holds a second promotion email within a day back for the frequency cap', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });

    expect((await customer.asks(promotion('spring-1'))).decision).toBe('sent');
    expect(await customer.asks(promotion('spring-2'))).toMatchObject({
      decision: 'scheduled',
      reason: 'frequency_cap:email-promotion-24h',
    });
  });

  it('schedules a promotion asked for at night, in the customer’s time zone, for the end of quiet hours', async () => {
    const customer = await bench.customer({ policy: defaultPolicy });
    const timezone = zoneWhereItIs(2);
    await customer.sends(identify({ timezone }));

    const answer = await customer.asks(promotion('spring-1'));

    expect(answer).toMatchObject({ decision: 'scheduled', reason: 'quiet_hours' });
    expect(DateTime.fromISO(answer.scheduledFor!, { zone: timezone }).toFormat('HH:mm')).toBe('08:00');
    expect(customer.deliveries()).toEqual([]);
  });

  it('delivers a scheduled message when its time comes', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    const notBefore = Date.now() + 2_000;

    const answer = await customer.asks(serviceMessage('reminder-1', { notBefore }));

    expect(answer).toMatchObject({ decision: 'scheduled', reason: 'not_before' });
    expect(customer.deliveries()).toEqual([]);
    const [delivery] = await eventually(() => nonEmpty(customer.deliveries()), 15_000, 'the delivery');
    expect(delivery.messageId).toBe(answer.messageId);
    expect(Date.parse(delivery.decidedAt)).toBeGreaterThanOrEqual(notBefore);
    // The mirror is written beside the loop: it may trail the delivery by a moment.
    const decisions = await eventually(
      () => (customer.decisions().length >= 2 ? customer.decisions() : undefined),
      10_000,
      'the mirror of both decisions',
    );
    expect(decisions.map((d) => [d.decision, d.trigger])).toEqual([
      ['scheduled', 'request'],
      ['sent', 'scheduled_time'],
    ]);
  });
});

describe('the customer workflow takes back at once what a change in the customer rules out', () => {
  const disruption = () =>
    customerEvent('disruption', { channel: 'ops', properties: { kind: 'flight_cancelled' } });

  it('suppresses a scheduled promotion as soon as a disruption excludes it', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    const request = promotion('weekend-offer', { notBefore: Date.now() + 3_600_000 });
    const first = await customer.asks(request);
    expect(first).toMatchObject({ decision: 'scheduled', reason: 'not_before' });

    await customer.sends(disruption());

    // The disruption also starts service recovery, whose apology is decided beside: only the promotion's count.
    const ofPromotion = () => customer.decisions().filter((d) => d.requestId === request.id);
    const decisions = await eventually(
      () => (ofPromotion().length >= 2 ? ofPromotion() : undefined),
      10_000,
      'the promotion decided again',
    );
    expect(decisions.map((d) => [d.decision, d.reason, d.trigger])).toEqual([
      ['scheduled', 'not_before', 'request'],
      ['suppressed', 'disruption', 'state_change'],
    ]);
    expect(decisions[1].messageId).toBe(first.messageId);
    // The same request id returns the same answer (the contract): the ledger is where the change shows.
    expect(await customer.asks(request)).toEqual(first);
  });

  it('keeps a message scheduled past the end of the disruption window', async () => {
    // A disruption also opens a case, which excludes marketing until it is resolved: without that rule, the
    // 72h disruption window alone does not rule out a promotion four days out.
    const policy = { ...daytimePolicy, exclusions: { ...daytimePolicy.exclusions, openCase: false } };
    const customer = await bench.customer({ policy });
    const later = await customer.asks(promotion('next-week', { notBefore: Date.now() + 4 * 86_400_000 }));
    const soon = await customer.asks(promotion('tomorrow', { notBefore: Date.now() + 86_400_000 }));

    await customer.sends(disruption());

    await eventually(
      () => (customer.decisions().some((d) => d.trigger === 'state_change') ? true : undefined),
      10_000,
      'the promotion within the window decided again',
    );
    const again = customer.decisions().filter((d) => d.trigger === 'state_change');
    expect(again.map((d) => d.messageId)).toEqual([soon.messageId]);
    expect(await customer.asks(promotion('next-week'))).toMatchObject({
      decision: 'scheduled',
      messageId: later.messageId,
    });
  });
});

describe('the customer workflow takes each thing once', () => {
  it('answers a repeated request id with its first answer, and sends the message once', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });

    const first = await customer.asks(promotion('spring-1'));
    const again = await customer.asks(promotion('spring-1', { content: { template: 'other' } }));

    expect(again).toEqual(first);
    await eventually(() => nonEmpty(customer.decisions()), 10_000, 'the mirror');
    expect(customer.deliveries()).toHaveLength(1);
  });

  it('counts an event sent twice once', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    const purchase = customerEvent('purchase', { properties: { orderId: 'o-1' } });

    await customer.sends(purchase, purchase);
    await customer.sends(purchase, customerEvent('browse'));

    const { counts } = await eventually(
      async () => {
        const state = await customer.state();
        return state.counts.browse === 1 ? state : undefined;
      },
      10_000,
      'the second round',
    );
    expect(counts).toMatchObject({ events: 2, purchase: 1, browse: 1 });
  });
});

describe('continue-as-new', () => {
  it('carries the customer, the ledger and its answers into the next run', async () => {
    const customer = await bench.customer({ policy: daytimePolicy, continueAsNewAfterHistoryLength: 40 });
    await customer.sends(identify({ email: 'ada@example.com' }));
    const first = await customer.asks(promotion('spring-1'));
    const firstRun = customer.handle.firstExecutionRunId;

    for (let i = 0; i < 30 && (await customer.handle.describe()).runId === firstRun; i++) {
      await customer.sends(customerEvent('browse'));
      await new Promise((r) => setTimeout(r, 200));
    }

    expect((await customer.handle.describe()).runId).not.toBe(firstRun);
    const state = await customer.state();
    expect(state.traits).toEqual({ email: 'ada@example.com' });
    expect(state.counts.identify).toBe(1);
    // The answers and the sent list came along: the same request is the same message, and the cap remembers it.
    expect(await customer.asks(promotion('spring-1'))).toEqual(first);
    expect((await customer.asks(promotion('spring-2'))).reason).toBe('frequency_cap:email-promotion-24h');
    expect(customer.deliveries()).toHaveLength(1);
  });
});

describe('holdouts (docs/DESIGN.md, control groups)', () => {
  it('a 100% global holdout suppresses a promotion with reason holdout and lets a transactional through', async () => {
    const customer = await bench.customer({
      policy: { ...daytimePolicy, version: 2, holdout: { ...daytimePolicy.holdout, globalPercent: 100 } },
    });

    expect(await customer.asks(promotion('spring-1'))).toMatchObject({
      decision: 'suppressed',
      reason: 'holdout',
      policyVersion: 2,
    });
    expect(await customer.asks({ ...promotion('receipt-1'), category: 'transactional' })).toMatchObject({
      decision: 'sent',
    });
    // The would-have-sent is recorded like any decision; only the receipt is delivered.
    const decisions = await eventually(
      () => (customer.decisions().length >= 2 ? customer.decisions() : undefined),
      10_000,
      'the mirror',
    );
    expect(decisions.find((d) => d.requestId === 'spring-1')).toMatchObject({
      reason: 'holdout',
      inputs: { holdout: 'global' },
    });
    await eventually(() => nonEmpty(customer.deliveries()), 10_000, 'the receipt');
    expect(customer.deliveries().map((d) => d.requestId)).toEqual(['receipt-1']);
    expect((await customer.state()).groups).toEqual({ global: 'control', journeys: {} });
  });

  it('a cart recovery run in its control arm runs its steps and waits, its reminders held back', async () => {
    const customer = await bench.customer({
      policy: {
        ...daytimePolicy,
        journeys: {
          ...daytimePolicy.journeys,
          cartRecovery: {
            enabled: true,
            firstReminderAfter: '1s',
            secondChannelAfter: '1s',
            goal: 'purchase',
          },
        },
        holdout: { ...daytimePolicy.holdout, journeys: { cartRecovery: 100 } },
      },
    });
    // Addresses on two channels: the follow-up's "auto" has a channel to choose, and is held back like the rest.
    await customer.sends(
      customerEvent('identify', { properties: { traits: { email: 'c@example.com', pushToken: 'push-c' } } }),
    );
    await customer.sends(customerEvent('cart_abandoned', { properties: { cartId: 'cart-1' } }));

    const state = await eventually(
      async () => {
        const current = await customer.state();
        return current.journeys.length > 0 ? current : undefined;
      },
      10_000,
      'the journey',
    );
    expect(state.journeys[0]).toMatchObject({ name: 'cartRecovery', arm: 'control' });
    expect(state.groups).toEqual({ global: 'treatment', journeys: { cartRecovery: 'control' } });
    const reminders = await eventually(
      () => {
        const found = customer.decisions().filter((d) => d.requestId.startsWith('journey:cartRecovery:1:'));
        return found.length >= 2 ? found : undefined;
      },
      20_000,
      'both reminders',
    );
    expect(reminders.map((d) => [d.requestId.split(':').at(-1), d.decision, d.reason])).toEqual([
      ['reminder_email', 'suppressed', 'holdout'],
      ['reminder_followup', 'suppressed', 'holdout'],
    ]);
    // Both waits and both sends were steps of the run, as in treatment.
    const steps = customer.journeySteps().map((s) => s.step);
    expect(steps).toEqual(
      expect.arrayContaining(['wait_first_reminder', 'reminder_email', 'wait_second_channel']),
    );
    expect(customer.deliveries()).toEqual([]);
  });
});

describe('engagement from the messages it sent', () => {
  const engagement = (properties: Record<string, unknown>, id?: string) =>
    customerEvent('engagement', { channel: 'email', properties, ...(id ? { id } : {}) });
  const receipt = (id: string) => ({ ...serviceMessage(id), category: 'transactional' as const });

  it('a hard bounce makes the channel unreachable, transactional too, until identify gives a new address', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    await customer.sends(identify({ email: 'old@example.com' }));
    const sent = await customer.asks(receipt('order-1'));
    await customer.sends(engagement({ messageId: sent.messageId, action: 'bounced', bounce: 'hard' }));

    expect(await customer.asks(receipt('order-2'))).toMatchObject({
      decision: 'suppressed',
      reason: 'unreachable',
    });
    expect(await customer.asks(promotion('spring-1'))).toMatchObject({ reason: 'unreachable' });
    expect(await customer.asks(promotion('sms-1', { channel: 'sms' }))).toMatchObject({ decision: 'sent' });
    expect((await customer.state()).unreachable).toEqual({
      email: { since: expect.any(String), messageId: sent.messageId },
    });

    await customer.sends(identify({ email: 'old@example.com' }));
    expect(await customer.asks(receipt('order-3'))).toMatchObject({ reason: 'unreachable' });
    await customer.sends(identify({ email: 'new@example.com' }));
    expect(await customer.asks(receipt('order-4'))).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect((await customer.state()).unreachable).toBeUndefined();
  });

  it('an unsubscribe opts out of the channel; one naming a category, of that category only', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    const first = await customer.asks(promotion('news-1', { category: 'newsletter' }));
    await customer.sends(
      engagement({ messageId: first.messageId, action: 'unsubscribed', category: 'newsletter' }),
    );
    expect(await customer.asks(promotion('news-2', { category: 'newsletter' }))).toMatchObject({
      decision: 'suppressed',
      reason: 'opted_out',
    });
    expect(await customer.asks(serviceMessage('parcel-1'))).toMatchObject({ decision: 'sent' });
    expect((await customer.state()).categoryConsent).toEqual({ email: { newsletter: 'opted_out' } });

    await customer.sends(engagement({ messageId: first.messageId, action: 'unsubscribed' }));
    expect(await customer.asks(serviceMessage('parcel-2'))).toMatchObject({
      decision: 'suppressed',
      reason: 'opted_out',
    });
    expect((await customer.state()).consent).toEqual({ email: 'opted_out' });
  });

  it('counts duplicates once and an open before its delivered in its own place', async () => {
    const customer = await bench.customer({ policy: daytimePolicy });
    const { messageId } = await customer.asks(serviceMessage('parcel-1'));
    await customer.sends(
      engagement({ messageId, action: 'opened' }, 'open-1'),
      engagement({ messageId, action: 'opened' }, 'open-1'),
      engagement({ messageId, action: 'opened' }, 'open-2'),
      engagement({ messageId, action: 'opened', machine: true }, 'proxy-open'),
      engagement({ messageId, action: 'delivered' }, 'delivered-1'),
      engagement({ messageId: 'not-ours', action: 'clicked', url: 'https://x.example' }, 'stray'),
    );

    const recorded = await eventually(
      () => (customer.engagements().length >= 5 ? customer.engagements() : undefined),
      10_000,
      'the engagement mirrored',
    );
    expect(recorded.map((e) => [e.action, e.machine, e.known, e.counted])).toEqual([
      ['opened', false, true, true],
      ['opened', false, true, false],
      ['opened', true, true, true],
      ['delivered', false, true, true],
      ['clicked', false, false, false],
    ]);
    expect((await customer.state()).counts.engagement).toBe(5);
  });
});

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
