import { describe, expect, it } from 'vitest';
import { initialCustomerState } from '../../../domain/customer/customerState';
import { winBackTrigger } from '../../../domain/journeys/winBackRules';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import { cancelsAdvocacy, isAdvocacyAction } from '../../../domain/journeys/advocacyRules';
import {
  cartFollowUp,
  followUpNeedsFallback,
  personEngagedWith,
  purchasesCart,
} from '../../../domain/journeys/cartRecoveryRules';
import type { JourneyEvent } from '../../../domain/journeys/journeyEvent';
import { JOURNEY_TEXT_LIMIT, toJourneyEvent } from '../../../domain/journeys/journeyEvent';
import {
  apologyContent,
  recoveryOfferFor,
  resolvesCase,
} from '../../../domain/journeys/serviceRecoveryRules';

function event(fields: Partial<CustomerEvent>, label?: 'positive' | 'negative' | 'neutral'): JourneyEvent {
  return {
    id: 'e',
    customerId: 'c',
    type: 'message',
    channel: 'web',
    occurredAt: '2026-06-01T12:00:00.000Z',
    receivedAt: '2026-06-01T12:00:00.000Z',
    properties: {},
    ...fields,
    ...(label
      ? { sentiment: { score: label === 'negative' ? -0.7 : label === 'positive' ? 0.7 : 0, label } }
      : {}),
  };
}

describe('events forwarded to journeys', () => {
  it('carry their sentiment, and at most JOURNEY_TEXT_LIMIT characters of text', () => {
    const long = event({ text: 'late '.repeat(2_000) });
    const sentiment = { score: -0.8, label: 'negative' as const };
    const forwarded = toJourneyEvent(long, sentiment);
    expect(forwarded.text).toHaveLength(JOURNEY_TEXT_LIMIT);
    expect(forwarded.sentiment).toEqual(sentiment);
    expect(forwarded).toMatchObject({ id: long.id, type: 'message', channel: 'web' });
    expect(toJourneyEvent(event({ text: 'so late' }), undefined)).toEqual(event({ text: 'so late' }));
  });
});

describe('service recovery rules', () => {
  it('offers something only to the policy tiers', () => {
    const tiers = { offerForTiers: ['gold', 'platinum'] };
    expect(recoveryOfferFor({ tier: 'platinum' }, tiers)).toEqual({ kind: 'goodwill', tier: 'platinum' });
    expect(recoveryOfferFor({ tier: 'silver' }, tiers)).toBeUndefined();
    expect(recoveryOfferFor({}, tiers)).toBeUndefined();
    const trigger = {
      caseId: 'case-1',
      reason: 'disruption' as const,
      channel: 'ops',
      disruptionKind: 'flight_cancelled',
    };
    expect(apologyContent(trigger, undefined)).toEqual({
      template: 'service-recovery-disruption-apology',
      data: { caseId: 'case-1', disruptionKind: 'flight_cancelled' },
    });
  });

  it('counts case_resolved for its own case, or for every case when it names none', () => {
    expect(resolvesCase(event({ type: 'case_resolved', properties: { caseId: 'case-1' } }), 'case-1')).toBe(
      true,
    );
    expect(resolvesCase(event({ type: 'case_resolved', properties: { caseId: 'case-2' } }), 'case-1')).toBe(
      false,
    );
    expect(resolvesCase(event({ type: 'case_resolved' }), 'case-1')).toBe(true);
    expect(resolvesCase(event({ type: 'message', properties: { caseId: 'case-1' } }), 'case-1')).toBe(false);
  });
});

describe('advocacy rules', () => {
  it('is cancelled by a negative event or a disruption, not by a neutral one', () => {
    expect(cancelsAdvocacy(event({}, 'negative'))).toBe('negative_event');
    expect(cancelsAdvocacy(event({ type: 'disruption', channel: 'ops' }))).toBe('disruption');
    expect(cancelsAdvocacy(event({}, 'neutral'))).toBeUndefined();
  });

  it('counts a public post or an event marked as advocacy as acting on the ask', () => {
    expect(isAdvocacyAction(event({ channel: 'review' }, 'positive'))).toBe(true);
    expect(isAdvocacyAction(event({ channel: 'chat' }, 'positive'))).toBe(false);
    expect(isAdvocacyAction(event({ type: 'purchase', properties: { advocacy: 'referral' } }))).toBe(true);
    expect(isAdvocacyAction(event({ type: 'purchase', properties: { advocacy: 'coupon' } }))).toBe(false);
  });
});

describe('cart recovery rules', () => {
  it('ends on a purchase of that cart, or of no named cart, not of another', () => {
    expect(purchasesCart(event({ type: 'purchase', properties: { cartId: 'c-1' } }), 'c-1')).toBe(true);
    expect(purchasesCart(event({ type: 'purchase', properties: { cartId: 'c-2' } }), 'c-1')).toBe(false);
    expect(purchasesCart(event({ type: 'cart_updated', properties: { cartId: 'c-1' } }), 'c-1')).toBe(false);
    // docs/DESIGN.md's purchase names no cart: taken as the checkout of the open one.
    expect(
      purchasesCart(event({ type: 'purchase', properties: { orderId: 'o-1', amount: 10 } }), 'c-1'),
    ).toBe(true);
  });

  it('hears a person open or click the reminder, not a privacy proxy, a bounce or another message', () => {
    const engagement = (properties: Record<string, unknown>) =>
      event({ type: 'engagement', channel: 'email', properties });
    expect(personEngagedWith(engagement({ messageId: 'm-1', action: 'opened' }), 'm-1')).toBe(true);
    expect(
      personEngagedWith(engagement({ messageId: 'm-1', action: 'clicked', url: 'https://x.example' }), 'm-1'),
    ).toBe(true);
    expect(personEngagedWith(engagement({ messageId: 'm-1', action: 'opened', machine: true }), 'm-1')).toBe(
      false,
    );
    expect(personEngagedWith(engagement({ messageId: 'm-1', action: 'delivered' }), 'm-1')).toBe(false);
    expect(personEngagedWith(engagement({ messageId: 'm-2', action: 'opened' }), 'm-1')).toBe(false);
    expect(
      personEngagedWith(
        event({ type: 'message', properties: { messageId: 'm-1', action: 'opened' } }),
        'm-1',
      ),
    ).toBe(false);
  });

  it('follows up where an opened reminder was read, elsewhere by engagement when it was not', () => {
    expect(cartFollowUp('email', true)).toEqual({ channel: 'email', why: 'reminder_opened' });
    expect(cartFollowUp('email', false)).toEqual({
      channel: 'auto',
      candidates: ['sms', 'push'],
      fallback: 'email',
      why: 'reminder_not_opened',
    });
  });

  it('falls back to the reminder’s channel only when no other channel could be used', () => {
    expect(followUpNeedsFallback({ decision: 'suppressed', reason: 'unreachable' })).toBe(true);
    expect(followUpNeedsFallback({ decision: 'suppressed', reason: 'opted_out' })).toBe(true);
    expect(followUpNeedsFallback({ decision: 'suppressed', reason: 'open_case' })).toBe(false);
    expect(followUpNeedsFallback({ decision: 'suppressed', reason: 'holdout' })).toBe(false);
    expect(followUpNeedsFallback({ decision: 'sent', reason: 'ok' })).toBe(false);
  });
});

describe('win-back rules', () => {
  const settings = { enabled: true, quietFor: '60d' };
  const context = (e: JourneyEvent, s = settings) => ({
    event: e,
    before: initialCustomerState('w', 'c'),
    after: initialCustomerState('w', 'c'),
    settings: s,
  });
  it('starts on a purchase, and not with a quietFor that is not a duration', () => {
    expect(winBackTrigger(context(event({ type: 'purchase', properties: { orderId: 'o-1' } })))).toEqual({
      orderId: 'o-1',
    });
    expect(winBackTrigger(context(event({ type: 'browse' })))).toBeUndefined();
    expect(
      winBackTrigger(context(event({ type: 'purchase' }), { enabled: true, quietFor: 'two months' })),
    ).toBeUndefined();
  });
});
