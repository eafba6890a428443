import { describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../../domain/contact';
import { decideDueMessages, emptyContactLedger, requestContact } from '../../../domain/contact';
import { holdBack, holdoutFor } from '../../../domain/contact/holdout';
import type { CustomerState } from '../../../domain/customer/customerState';
import { initialCustomerState } from '../../../domain/customer/customerState';
import { decideJourneyStarts } from '../../../domain/journeys/decideJourneyStarts';
import { journeyRegistry } from '../../../domain/journeys/registry';
import { toJourneyEvent } from '../../../domain/journeys/journeyEvent';
import type { HoldoutPolicy, PolicyDocument } from '../../../domain/policy';
import { defaultPolicy } from '../../../domain/policy';

const noonUtc = Date.UTC(2026, 0, 5, 12);
const customer = { ...initialCustomerState('acme', 'c-1'), traits: { timezone: 'UTC' } };
const withHoldout = (holdout: Partial<HoldoutPolicy>): PolicyDocument => ({
  ...defaultPolicy,
  version: 2,
  holdout: { ...defaultPolicy.holdout, ...holdout },
});
const everyone = withHoldout({ globalPercent: 100 });
const nobody = withHoldout({ globalPercent: 0 });
let n = 0;
const newId = () => `m${++n}`;
const ask = (overrides: Partial<ContactRequest>, state: CustomerState = customer, policy = everyone) =>
  requestContact(
    state,
    emptyContactLedger,
    { id: `r${++n}`, channel: 'email', category: 'promotion', priority: 50, ...overrides },
    policy,
    noonUtc,
    newId,
  );

describe('the global control group', () => {
  it('has every marketing request suppressed with reason holdout, recorded like any decision', () => {
    const step = ask({ category: 'promotion' });
    expect(step.answer).toMatchObject({ decision: 'suppressed', reason: 'holdout', policyVersion: 2 });
    expect(step.answer.messageId).toBeUndefined();
    expect(step.deliveries).toEqual([]);
    expect(step.ledger.sent).toEqual([]);
    expect(step.records).toHaveLength(1);
    expect(step.records[0]).toMatchObject({
      decision: 'suppressed',
      reason: 'holdout',
      category: 'promotion',
      trigger: 'request',
      inputs: { holdout: 'global', consent: 'opted_in' },
    });
  });

  it.each(['newsletter', 'reminder', 'survey', 'advocacy'] as const)('holds back %s', (category) => {
    expect(ask({ category }).answer.reason).toBe('holdout');
  });

  it('never holds back the exempt categories: transactional and service go out', () => {
    expect(ask({ category: 'transactional' }).answer).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(ask({ category: 'service' }).answer).toMatchObject({ decision: 'sent', reason: 'ok' });
    const surveysExempt = withHoldout({ globalPercent: 100, exemptCategories: ['transactional', 'survey'] });
    expect(ask({ category: 'survey' }, customer, surveysExempt).answer.decision).toBe('sent');
    expect(ask({ category: 'service' }, customer, surveysExempt).answer.reason).toBe('holdout');
  });

  it('keeps the reason of a message refused anyway: holdout always stands for a would-have-sent', () => {
    const optedOut = {
      ...customer,
      consent: { email: { status: 'opted_out' as const, at: '2026-01-01T00:00:00Z' } },
    };
    expect(ask({}, optedOut).answer.reason).toBe('opted_out');
  });

  /** A promotion asked for at 23:00 UTC, inside the default quiet hours. */
  const atNight = (policy: PolicyDocument) =>
    requestContact(
      customer,
      emptyContactLedger,
      { id: 'night', channel: 'email', category: 'promotion', priority: 50 },
      policy,
      Date.UTC(2026, 0, 5, 23),
      newId,
    );

  it('holds back a message that would have waited for quiet hours, too', () => {
    const step = atNight(everyone);
    expect(step.answer).toMatchObject({ decision: 'suppressed', reason: 'holdout' });
    expect(step.ledger.scheduled).toEqual([]);
  });

  it('holds back a scheduled message when it falls due under a policy with a holdout', () => {
    const scheduled = atNight(nobody);
    expect(scheduled.answer.decision).toBe('scheduled');
    const due = decideDueMessages(
      customer,
      scheduled.ledger,
      everyone,
      Date.parse(scheduled.answer.scheduledFor!),
    );
    expect(due.records).toMatchObject([{ reason: 'holdout', trigger: 'scheduled_time' }]);
    expect(due.deliveries).toEqual([]);
  });
});

describe('treatment', () => {
  it('is decided exactly as without holdouts', () => {
    const request = { id: 'same', channel: 'email', category: 'promotion', priority: 50 } as const;
    const held = requestContact(customer, emptyContactLedger, request, nobody, noonUtc, () => 'm');
    const plain = requestContact(
      customer,
      emptyContactLedger,
      request,
      { ...defaultPolicy, version: 2 },
      noonUtc,
      () => 'm',
    );
    expect(held).toEqual(plain);
    expect(held.answer.decision).toBe('sent');
  });

  it('a policy read before holdouts existed (as recorded histories hold) holds nobody out', () => {
    const { holdout: _none, ...older } = defaultPolicy;
    expect(holdoutFor(customer, { id: 'r', category: 'promotion' }, older as PolicyDocument)).toBeUndefined();
  });
});

describe('a journey control arm', () => {
  const cartPolicy = withHoldout({ journeys: { cartRecovery: 100 } });
  const started = (policy: PolicyDocument) =>
    decideJourneyStarts(
      journeyRegistry,
      customer.journeys,
      {
        event: toJourneyEvent(
          {
            id: 'e1',
            type: 'cart_abandoned',
            channel: 'web',
            occurredAt: '2026-01-05T11:00:00.000Z',
            receivedAt: '2026-01-05T11:00:00.000Z',
            properties: { cartId: 'cart-1' },
          } as never,
          undefined,
        ),
        before: customer,
        after: customer,
      },
      policy,
      noonUtc,
    );

  it('is drawn when the run starts and kept on it; no arm without a journey holdout', () => {
    expect(started(cartPolicy).starts[0]?.journey.arm).toBe('control');
    expect(started(withHoldout({ journeys: { cartRecovery: 0 } })).starts[0]?.journey).not.toHaveProperty(
      'arm',
    );
    expect(started(defaultPolicy).starts[0]?.journey).not.toHaveProperty('arm');
  });

  it("holds back the run's marketing sends, but not the customer's other messages", () => {
    const inJourney = { ...customer, journeys: started(cartPolicy).journeys };
    const journeySend = ask(
      { id: 'journey:cartRecovery:1:reminder_email', category: 'reminder' },
      inJourney,
      cartPolicy,
    );
    expect(journeySend.answer).toMatchObject({ decision: 'suppressed', reason: 'holdout' });
    expect(journeySend.records[0]?.inputs).toMatchObject({ holdout: 'journey:cartRecovery' });
    expect(ask({ id: 'newsletter-1', category: 'newsletter' }, inJourney, cartPolicy).answer.decision).toBe(
      'sent',
    );
    // The arm is the run's: a policy without the journey holdout later does not release it.
    const later = ask(
      { id: 'journey:cartRecovery:1:reminder_push', channel: 'push', category: 'reminder' },
      inJourney,
      nobody,
    );
    expect(later.answer.reason).toBe('holdout');
  });

  it('a treatment run sends', () => {
    const inJourney = {
      ...customer,
      journeys: started(withHoldout({ journeys: { cartRecovery: 0.01 } })).journeys,
    };
    expect(inJourney.journeys.active[0]?.arm).toBe('treatment');
    expect(
      ask({ id: 'journey:cartRecovery:1:reminder_email', category: 'reminder' }, inJourney, nobody).answer
        .decision,
    ).toBe('sent');
  });
});

describe('holdBack', () => {
  it('leaves a suppression as it was', () => {
    const step = ask({ category: 'transactional', expiresAt: noonUtc - 1 }, customer, nobody);
    expect(step.answer.reason).toBe('expired');
    const decision = {
      decision: 'suppressed',
      reason: 'expired',
      policyVersion: 1,
      displaces: [],
      inputs: {},
    } as never;
    expect(holdBack(decision, 'global')).toBe(decision);
  });
});
