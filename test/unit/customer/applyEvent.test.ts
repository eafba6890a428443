import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../domain/customer/applyEvent';
import type { CustomerState, EventSentiment } from '../../../domain/customer/customerState';
import { initialCustomerState } from '../../../domain/customer/customerState';
import { RECENT_IDS_CAPACITY } from '../../../domain/customer/recentIds';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import type { EventType } from '../../../domain/events/eventTypes';
import { defaultPolicy } from '../../../domain/policy';

const thresholds = defaultPolicy.sentiment;
const angry: EventSentiment = { score: -0.8, label: 'negative' };
const pleased: EventSentiment = { score: 0.7, label: 'positive' };
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 12, minute)).toISOString();

let n = 0;
function event(type: EventType, fields: Partial<CustomerEvent> = {}): CustomerEvent {
  const id = `e${++n}`;
  return {
    id,
    customerId: 'c',
    type,
    channel: 'web',
    occurredAt: at(0),
    receivedAt: at(0),
    properties: {},
    ...fields,
  };
}

/** Applies events in order; each `[event, sentiment]` pair as the customer workflow would. */
function applyAll(...events: (CustomerEvent | [CustomerEvent, EventSentiment])[]): CustomerState {
  return events.reduce<CustomerState>(
    (state, item) => {
      const [e, sentiment] = Array.isArray(item) ? item : [item, undefined];
      return applyEvent(state, e, sentiment, thresholds);
    },
    initialCustomerState('w', 'c'),
  );
}

const identify = (traits: unknown) => event('identify', { properties: { traits } });
const consent = (channel: string, status: string, minute = 0) =>
  event('consent', { occurredAt: at(minute), properties: { channel, status } });
const complaint = (minute = 0): [CustomerEvent, EventSentiment] => [
  event('message', { channel: 'chat', occurredAt: at(minute) }),
  angry,
];
const resolved = (properties: Record<string, unknown> = {}) =>
  event('case_resolved', { channel: 'ops', occurredAt: at(30), properties });

describe('what the customer tells us about themselves', () => {
  it('merges traits: a later identify adds and overwrites, and keeps what it does not mention', () => {
    const state = applyAll(
      identify({ email: 'ada@example.com', tier: 'silver' }),
      identify({ tier: 'gold', timezone: 'Europe/Paris' }),
    );
    expect(state.traits).toEqual({ email: 'ada@example.com', tier: 'gold', timezone: 'Europe/Paris' });
  });

  it('ignores traits that are not an object', () => {
    const state = applyAll(identify({ name: 'Ada' }), identify(['not', 'traits']), identify('Ada'));
    expect(state.traits).toEqual({ name: 'Ada' });
  });

  it('records consent per channel, the latest word standing', () => {
    const state = applyAll(
      consent('email', 'opted_out', 1),
      consent('sms', 'opted_in', 2),
      consent('email', 'opted_in', 3),
    );
    expect(state.consent).toEqual({
      email: { status: 'opted_in', at: at(3) },
      sms: { status: 'opted_in', at: at(2) },
    });
  });

  it('takes anything but opted_out as consent given', () => {
    expect(applyAll(consent('push', 'yes please')).consent.push?.status).toBe('opted_in');
  });
});

describe('service cases', () => {
  it('opens a case on a negative message', () => {
    const [message] = complaint();
    const state = applyAll([message, angry]);
    expect(state.openCases).toEqual([
      {
        caseId: `case-${message.id}`,
        reason: 'negative_message',
        openedAt: message.occurredAt,
        openedBy: message.id,
        channel: 'chat',
        eventCount: 1,
        lastEventAt: message.occurredAt,
      },
    ]);
    expect(state.lastNegativeAt).toBe(message.occurredAt);
  });

  it('gathers every unhappy event into the one open case', () => {
    const state = applyAll(complaint(1), event('disruption', { occurredAt: at(5) }), complaint(9));
    expect(state.openCases).toHaveLength(1);
    expect(state.openCases[0]).toMatchObject({
      reason: 'negative_message',
      eventCount: 3,
      lastEventAt: at(9),
    });
    expect(state.lastDisruptionAt).toBe(at(5));
  });

  it('opens a case on a disruption, naming its kind', () => {
    const state = applyAll(event('disruption', { channel: 'ops', properties: { kind: 'flight_delay' } }));
    expect(state.openCases[0]).toMatchObject({ reason: 'disruption', disruptionKind: 'flight_delay' });
  });

  it('opens no case for a pleased message, nor for a negative survey (a rating is not a complaint)', () => {
    const state = applyAll([event('message'), pleased], [event('survey'), angry]);
    expect(state.openCases).toEqual([]);
    expect(state.lastNegativeAt).toBe(at(0));
  });

  it('closes the case a resolution names, and keeps it among the closed ones', () => {
    const [message] = complaint();
    const state = applyAll([message, angry], resolved({ caseId: `case-${message.id}` }));
    expect(state.openCases).toEqual([]);
    expect(state.closedCases).toEqual([
      expect.objectContaining({ caseId: `case-${message.id}`, resolvedAt: at(30) }),
    ]);
  });

  it('closes every open case on a resolution that names none, and none on one that names another', () => {
    expect(applyAll(complaint(), resolved({ caseId: 'case-other' })).openCases).toHaveLength(1);
    expect(applyAll(complaint(), resolved()).openCases).toEqual([]);
  });

  it('remembers the last ten closed cases', () => {
    const complaints = Array.from({ length: 12 }, () => complaint());
    const state = applyAll(...complaints.flatMap((c) => [c, resolved()]));
    expect(state.closedCases.map((c) => c.openedBy)).toEqual(complaints.slice(-10).map(([e]) => e.id));
  });
});

describe('bookkeeping', () => {
  it('counts events by type and moves the version on with each', () => {
    const state = applyAll(event('browse'), event('browse'), event('purchase'));
    expect(state.counts).toEqual({ events: 3, browse: 2, purchase: 1 });
    expect(state.version).toBe(3);
  });

  it('keeps the first and the latest time seen, whatever order events arrive in', () => {
    const state = applyAll(event('browse', { occurredAt: at(10) }), event('browse', { occurredAt: at(5) }));
    expect(state.firstSeenAt).toBe(at(10));
    expect(state.lastEventAt).toBe(at(10));
  });

  it('remembers the most recent event ids, and only so many', () => {
    const events = Array.from({ length: RECENT_IDS_CAPACITY + 5 }, () => event('browse'));
    const state = applyAll(...events);
    expect(state.recentEventIds).toHaveLength(RECENT_IDS_CAPACITY);
    expect(state.recentEventIds[0]).toBe(events[5].id);
    expect(state.recentEventIds.at(-1)).toBe(events.at(-1)?.id);
  });

  it('reads how the customer feels from the events that carry a sentiment', () => {
    const state = applyAll(complaint(1), event('browse'), complaint(2));
    expect(state.sentiment.samples).toHaveLength(2);
    expect(state.sentiment.label).toBe('negative');
  });
});
