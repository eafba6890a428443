import { describe, expect, it } from 'vitest';
import { contactContextOf, emptyContactLedger } from '../../../domain/contact';
import { applyEvent } from '../../../domain/customer/applyEvent';
import type { CustomerState } from '../../../domain/customer/customerState';
import { initialCustomerState } from '../../../domain/customer/customerState';
import type { SentMessage, SentMessageLookup } from '../../../domain/customer/engagement';
import { ENGAGEMENT_KEYS_KEPT, engagementFacts } from '../../../domain/customer/engagement';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import type { EventChannel, EventType } from '../../../domain/events/eventTypes';
import { defaultPolicy } from '../../../domain/policy';

const thresholds = defaultPolicy.sentiment;
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 12, minute)).toISOString();
const sentMessages: Record<string, SentMessage> = {
  'm-email': { channel: 'email', category: 'promotion' },
  'm-sms': { channel: 'sms', category: 'reminder' },
};
const ledger: SentMessageLookup = (id) => sentMessages[id];

let n = 0;
function event(
  type: EventType,
  properties: Record<string, unknown>,
  more: { channel?: EventChannel; minute?: number } = {},
): CustomerEvent {
  return {
    id: `e${++n}`,
    customerId: 'c',
    type,
    channel: more.channel ?? 'email',
    occurredAt: at(more.minute ?? 0),
    receivedAt: at(more.minute ?? 0),
    properties,
  };
}
const engagement = (
  properties: Record<string, unknown>,
  more?: { channel?: EventChannel; minute?: number },
) => event('engagement', properties, more);

function applyAll(...events: CustomerEvent[]): CustomerState {
  return events.reduce(
    (state, e) => applyEvent(state, e, undefined, thresholds, ledger),
    initialCustomerState('w', 'c'),
  );
}

describe('counting engagement', () => {
  it('counts each (messageId, action, url) once, whatever the event ids', () => {
    const state = applyAll(
      engagement({ messageId: 'm-email', action: 'delivered' }),
      engagement({ messageId: 'm-email', action: 'delivered' }),
      engagement({ messageId: 'm-email', action: 'clicked', url: 'https://a.example' }),
      engagement({ messageId: 'm-email', action: 'clicked', url: 'https://a.example' }),
      engagement({ messageId: 'm-email', action: 'clicked', url: 'https://b.example' }),
    );
    expect(state.engagement?.counts).toEqual({ delivered: 1, clicked: 2 });
    expect(state.counts.engagement).toBe(5);
  });

  it('counts an open before its delivered once each, in its own place', () => {
    const state = applyAll(
      engagement({ messageId: 'm-email', action: 'opened' }, { minute: 5 }),
      engagement({ messageId: 'm-email', action: 'delivered' }, { minute: 1 }),
      engagement({ messageId: 'm-email', action: 'opened' }, { minute: 6 }),
    );
    expect(state.engagement?.counts).toEqual({ opened: 1, delivered: 1 });
  });

  it('keeps machine opens and clicks apart from people’s', () => {
    const state = applyAll(
      engagement({ messageId: 'm-email', action: 'opened', machine: true }),
      engagement({ messageId: 'm-email', action: 'opened' }),
      engagement({ messageId: 'm-email', action: 'clicked', url: 'https://a.example', machine: true }),
    );
    expect(state.engagement?.counts).toEqual({ machine_opened: 1, opened: 1, machine_clicked: 1 });
  });

  it('keeps but does not count an engagement for a message the ledger does not know', () => {
    const initial = initialCustomerState('w', 'c');
    const unknown = engagement({ messageId: 'm-nobody', action: 'opened' });
    expect(engagementFacts(initial, unknown, ledger)).toMatchObject({
      known: false,
      first: true,
      counted: false,
      channel: 'email',
    });
    const state = applyAll(unknown);
    expect(state.engagement?.counts).toEqual({});
    expect(state.counts.engagement).toBe(1);
  });

  it('stays bounded', () => {
    let state = initialCustomerState('w', 'c');
    for (let i = 0; i < ENGAGEMENT_KEYS_KEPT + 10; i++) {
      state = applyEvent(
        state,
        engagement({ messageId: 'm-email', action: 'clicked', url: `https://x.example/${i}` }),
        undefined,
        thresholds,
        ledger,
      );
    }
    expect(state.engagement?.seen).toHaveLength(ENGAGEMENT_KEYS_KEPT);
    expect(state.engagement?.counts.clicked).toBe(ENGAGEMENT_KEYS_KEPT + 10);
  });
});

describe('a hard bounce', () => {
  const identify = (traits: Record<string, unknown>) => event('identify', { traits });
  const hardBounce = (messageId = 'm-email') => engagement({ messageId, action: 'bounced', bounce: 'hard' });

  it('makes the message’s channel unreachable, remembering the address then in force', () => {
    const state = applyAll(identify({ email: 'old@example.com' }), hardBounce());
    expect(state.unreachable).toEqual({
      email: { since: at(0), messageId: 'm-email', address: 'old@example.com' },
    });
    expect(contactContextOf(state, emptyContactLedger).unreachable).toEqual({ email: true });
  });

  it('uses the message’s channel, not the event’s', () => {
    const state = applyAll(engagement({ messageId: 'm-sms', action: 'bounced', bounce: 'hard' }));
    expect(Object.keys(state.unreachable ?? {})).toEqual(['sms']);
  });

  it('a soft bounce changes nothing', () => {
    expect(
      applyAll(engagement({ messageId: 'm-email', action: 'bounced', bounce: 'soft' })).unreachable,
    ).toBe(undefined);
  });

  it('ends when an identify gives another address for that channel, not the same one', () => {
    const same = applyAll(
      identify({ email: 'old@example.com' }),
      hardBounce(),
      identify({ email: 'old@example.com' }),
    );
    expect(same.unreachable?.email).toBeDefined();
    const other = applyAll(identify({ email: 'old@example.com' }), hardBounce(), identify({ name: 'Ada' }));
    expect(other.unreachable?.email).toBeDefined();
    const changed = applyAll(
      identify({ email: 'old@example.com' }),
      hardBounce(),
      identify({ email: 'new@example.com' }),
    );
    expect(changed.unreachable).toEqual({});
  });

  it('ends with a consent opt-in on the channel', () => {
    const state = applyAll(hardBounce(), event('consent', { channel: 'email', status: 'opted_in' }));
    expect(state.unreachable).toEqual({});
    expect(state.consent.email?.status).toBe('opted_in');
  });

  it('re-sent after the address changed, does not make the new address unreachable', () => {
    const state = applyAll(hardBounce(), identify({ email: 'new@example.com' }), hardBounce());
    expect(state.unreachable).toEqual({});
  });
});

describe('complaints and unsubscribes', () => {
  it('a complaint opts out of marketing on the message’s channel', () => {
    const state = applyAll(engagement({ messageId: 'm-email', action: 'complained' }));
    const ctx = contactContextOf(state, emptyContactLedger);
    expect(ctx.consent.email).toBeUndefined();
    expect(ctx.categoryConsent?.email).toEqual({
      promotion: 'opted_out',
      newsletter: 'opted_out',
      reminder: 'opted_out',
      survey: 'opted_out',
      advocacy: 'opted_out',
    });
  });

  it('an unsubscribe opts out of the channel', () => {
    const state = applyAll(engagement({ messageId: 'm-email', action: 'unsubscribed' }));
    expect(state.consent.email).toEqual({ status: 'opted_out', at: at(0) });
  });

  it('an unsubscribe naming a category opts out of that category only', () => {
    const state = applyAll(
      engagement({ messageId: 'm-email', action: 'unsubscribed', category: 'newsletter' }),
    );
    expect(state.consent.email).toBeUndefined();
    expect(contactContextOf(state, emptyContactLedger).categoryConsent).toEqual({
      email: { newsletter: 'opted_out' },
    });
  });

  it('an unsubscribe about a message the ledger forgot still counts as the customer’s word', () => {
    const state = applyAll(engagement({ messageId: 'm-long-ago', action: 'unsubscribed' }));
    expect(state.consent.email?.status).toBe('opted_out');
  });

  it('a consent event may opt back in to one category, and a channel opt-in lifts them all', () => {
    const unsubscribed = engagement({ messageId: 'm-email', action: 'complained' });
    const one = applyAll(
      unsubscribed,
      event('consent', { channel: 'email', status: 'opted_in', category: 'survey' }),
    );
    expect(one.categoryConsent?.email?.survey?.status).toBe('opted_in');
    expect(one.categoryConsent?.email?.promotion?.status).toBe('opted_out');
    const all = applyAll(unsubscribed, event('consent', { channel: 'email', status: 'opted_in' }));
    expect(all.categoryConsent).toEqual({});
  });
});
