import { describe, expect, it } from 'vitest';
import {
  emptyContactLedger,
  requestContact,
  suppressExcludedNow,
  withdrawScheduledMessages,
} from '../../../domain/contact';
import { initialCustomerState } from '../../../domain/customer/customerState';
import { defaultPolicy } from '../../../domain/policy';

const DAY = 24 * 3_600_000;
const state = { ...initialCustomerState('w', 'c'), traits: { timezone: 'UTC' } };
let n = 0;
const newId = () => `m${++n}`;
const noonUtc = (day: number) => Date.UTC(2026, 0, 1 + day, 12);

describe('the contact ledger the customer workflow carries', () => {
  it('stays bounded by the longest cap window even when every message goes out at once', () => {
    let ledger = emptyContactLedger;
    // One transactional send a day for 30 days: never capped, so never scheduled.
    for (let day = 0; day < 30; day++) {
      const step = requestContact(
        state,
        ledger,
        { id: `r${day}`, channel: 'email', category: 'transactional', priority: 100 },
        defaultPolicy,
        noonUtc(day),
        newId,
      );
      expect(step.answer.decision).toBe('sent');
      ledger = step.ledger;
    }
    // The longest default cap window is 7 days: older sends no longer count and are dropped.
    expect(ledger.sent.length).toBeLessThanOrEqual(7);
    expect(Math.min(...ledger.sent.map((s) => s.sentAt))).toBeGreaterThan(noonUtc(29) - 7 * DAY);
  });

  it('answers a repeated request id with the answer it gave the first time', () => {
    const first = requestContact(
      state,
      emptyContactLedger,
      { id: 'same', channel: 'push', category: 'promotion', priority: 50 },
      defaultPolicy,
      noonUtc(0),
      newId,
    );
    const again = requestContact(
      state,
      first.ledger,
      { id: 'same', channel: 'push', category: 'promotion', priority: 50 },
      defaultPolicy,
      noonUtc(0) + 1_000,
      newId,
    );
    expect(again.answer).toEqual(first.answer);
    expect(again.records).toEqual([]);
    expect(again.deliveries).toEqual([]);
  });
});

/** The customer while their first cart recovery runs: its requests are decided like any other. */
const inCartRecovery = {
  ...state,
  journeys: {
    active: [
      {
        journeyId: 'journey:w:c:cartRecovery:1',
        name: 'cartRecovery',
        run: 1,
        startedAt: '',
        triggeredBy: 'e',
      },
    ],
    runs: { cartRecovery: 1 },
    lastStartedAt: {},
  },
};

describe('withdrawing what a journey scheduled', () => {
  it('takes back only the scheduled messages of that journey run, records each as withdrawn, and answers the truth after', () => {
    // Two marketing sends use up the 24h cap, so the next promotions are scheduled.
    let ledger = emptyContactLedger;
    const now = noonUtc(0);
    const ask = (id: string) => {
      const step = requestContact(
        inCartRecovery,
        ledger,
        { id, channel: 'push', category: 'promotion', priority: 50, expiresAt: now + 3 * DAY },
        defaultPolicy,
        now,
        newId,
      );
      ledger = step.ledger;
      return step.answer;
    };
    ask('a');
    ask('b');
    expect(ask('journey:cartRecovery:1:reminder_push').decision).toBe('scheduled');
    expect(ask('campaign-x').decision).toBe('scheduled');

    const step = withdrawScheduledMessages(
      ledger,
      'journey:cartRecovery:1:',
      { withdrawnBy: 'journey:w:c:cartRecovery:1', why: 'exited:cart_purchased' },
      defaultPolicy.version,
      now + 1000,
    );
    expect(step.records.map((r) => [r.requestId, r.decision, r.reason, r.trigger])).toEqual([
      ['journey:cartRecovery:1:reminder_push', 'suppressed', 'withdrawn', 'withdrawn'],
    ]);
    expect(step.ledger.scheduled.map((m) => m.requestId)).toEqual(['campaign-x']);
    ledger = step.ledger;
    expect(ask('journey:cartRecovery:1:reminder_push')).toMatchObject({
      decision: 'suppressed',
      reason: 'withdrawn',
    });
  });
});

describe("a journey's request that arrives after the journey ended", () => {
  it('is suppressed with journey_ended and changes nothing; while the journey runs it is decided as usual', () => {
    const request = {
      id: 'journey:cartRecovery:1:reminder_email',
      channel: 'email',
      category: 'reminder',
      priority: 50,
    } as const;
    const late = requestContact(state, emptyContactLedger, request, defaultPolicy, noonUtc(0), newId);
    expect(late.answer).toEqual({
      requestId: request.id,
      decision: 'suppressed',
      reason: 'journey_ended',
      policyVersion: defaultPolicy.version,
    });
    expect(late.ledger).toBe(emptyContactLedger);
    expect(late.records).toEqual([]);

    expect(
      requestContact(inCartRecovery, emptyContactLedger, request, defaultPolicy, noonUtc(0), newId).answer,
    ).toMatchObject({
      decision: 'sent',
      reason: 'ok',
    });
  });
});

describe('scheduled messages a change in the customer rules out (suppressExcludedNow)', () => {
  const scheduleAt = (
    ledger: typeof emptyContactLedger,
    id: string,
    category: 'promotion' | 'transactional',
    at: number,
  ) =>
    requestContact(
      state,
      ledger,
      { id, channel: 'email', category, priority: 50, notBefore: at },
      defaultPolicy,
      noonUtc(0),
      newId,
    );

  it('suppresses what an opt-out rules out, now, and leaves the rest scheduled', () => {
    const promo = scheduleAt(emptyContactLedger, 'promo', 'promotion', noonUtc(1));
    // An opt-out stops everything but transactional messages (receipts, password resets).
    const service = scheduleAt(promo.ledger, 'receipt', 'transactional', noonUtc(1));
    expect(service.ledger.scheduled.map((m) => m.requestId)).toEqual(['promo', 'receipt']);
    const optedOut = {
      ...state,
      consent: { email: { status: 'opted_out' as const, at: new Date(noonUtc(0)).toISOString() } },
    };

    const step = suppressExcludedNow(optedOut, service.ledger, defaultPolicy, noonUtc(0) + 60_000);

    expect(step.records).toMatchObject([
      { requestId: 'promo', decision: 'suppressed', reason: 'opted_out', trigger: 'state_change' },
    ]);
    expect(step.records[0].decidedAt).toBe(new Date(noonUtc(0) + 60_000).toISOString());
    expect(step.ledger.scheduled.map((m) => m.requestId)).toEqual(['receipt']);
    // The same request id returns the same answer (the contract); the ledger shows the suppression.
    expect(step.ledger.answers.promo).toMatchObject({ decision: 'scheduled' });
  });

  it('leaves a message alone when nothing about the customer rules it out', () => {
    const promo = scheduleAt(emptyContactLedger, 'promo', 'promotion', noonUtc(1));
    const step = suppressExcludedNow(state, promo.ledger, defaultPolicy, noonUtc(0) + 60_000);
    expect(step.records).toEqual([]);
    expect(step.ledger).toBe(promo.ledger);
  });
});
