import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactLedgerState, ContactRequest, SentContact } from '../../../domain/contact';
import {
  decideDueMessages,
  emptyContactLedger,
  pruneSent,
  requestContact,
  sentMessageOf,
} from '../../../domain/contact';
import type { CarriedLedger } from '../../../domain/contact/carriedLedger';
import {
  ANSWERS_RETAINED_MS,
  carryLedger,
  restoreLedger,
  withoutAnswerTimes,
} from '../../../domain/contact/carriedLedger';
import { ANSWERS_KEPT, SENDS_REMEMBERED } from '../../../domain/contact/contactLedger';
import { retractUnrenderable } from '../../../domain/contact/retractUnrenderable';
import { initialCustomerState } from '../../../domain/customer/customerState';
import { defaultPolicy } from '../../../domain/policy';
import { DAY, HOUR, MINUTE } from './fixtures';

const state = { ...initialCustomerState('w', 'c'), traits: { timezone: 'UTC', email: 'c@example.com' } };
const noon = Date.UTC(2026, 0, 5, 12);
const ask = (id: string, overrides: Partial<ContactRequest> = {}): ContactRequest => ({
  id,
  channel: 'email',
  category: 'newsletter',
  priority: 50,
  ...overrides,
});
/** What continue-as-new does to it: carried, written as JSON, read back. */
const acrossContinueAsNew = (ledger: ContactLedgerState, now: number) =>
  restoreLedger(JSON.parse(JSON.stringify(carryLedger(ledger, now))) as CarriedLedger);
const ids = (sends: readonly SentContact[] | undefined) => sends?.map((s) => s.messageId);

/** A customer's sends in order, each `gap` after the last: the ledger's lists as the workflow keeps them. */
const sendsArb = fc
  .record({
    gaps: fc.array(fc.integer({ min: 0, max: 3 * DAY }), { maxLength: 700 }),
    window: fc.integer({ min: HOUR, max: 40 * DAY }),
    remembered: fc.integer({ min: 1, max: SENDS_REMEMBERED }),
    retracted: fc.array(fc.nat(), { maxLength: 5 }),
    withRecent: fc.boolean(),
  })
  .map(({ gaps, window, remembered, retracted, withRecent }) => {
    let t = noon;
    const all: SentContact[] = gaps.map((gap, i) => ({
      messageId: `m${i}`,
      requestId: `r${i}`,
      channel: (['email', 'sms', 'push'] as const)[i % 3],
      category: i % 4 === 0 ? 'transactional' : 'newsletter',
      priority: 50,
      sentAt: (t += gap),
    }));
    const gone = new Set(retracted.map((n) => `m${n % Math.max(1, all.length)}`));
    const kept = all.filter((s) => !gone.has(s.messageId));
    const sent = kept.filter((s) => s.sentAt > t - window);
    const recentSends = kept.slice(Math.max(0, kept.length - remembered));
    return { sent, recentSends: withRecent ? recentSends : undefined, now: t };
  });

const anySendArb: fc.Arbitrary<SentContact> = fc.record({
  messageId: fc.string({ maxLength: 4 }),
  requestId: fc.string({ maxLength: 4 }),
  channel: fc.constantFrom('email' as const, 'sms' as const),
  category: fc.constantFrom('newsletter' as const, 'service' as const),
  priority: fc.constantFrom(0, 50),
  sentAt: fc.integer({ min: 0, max: 10 }),
});

describe('the ledger carried across continue-as-new: sends', () => {
  it('carries each send once and gives back the same sent and recent sends', () => {
    fc.assert(
      fc.property(sendsArb, ({ sent, recentSends, now }) => {
        const ledger: ContactLedgerState = {
          ...emptyContactLedger,
          sent,
          ...(recentSends && { recentSends }),
        };
        const carried = carryLedger(ledger, now);
        expect(carried.recentSends).toBeUndefined();
        expect(carried.sends.length).toBe(Math.max(sent.length, recentSends?.length ?? 0));
        const back = acrossContinueAsNew(ledger, now);
        expect(back.sent).toEqual(sent);
        expect(back.recentSends).toEqual(recentSends);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back any two lists exactly, even when neither ends the other', () => {
    fc.assert(
      fc.property(
        fc.array(anySendArb, { maxLength: 8 }),
        fc.option(fc.array(anySendArb, { maxLength: 8 }), { nil: undefined }),
        (sent, recentSends) => {
          const ledger: ContactLedgerState = {
            ...emptyContactLedger,
            sent,
            ...(recentSends && { recentSends }),
          };
          const back = acrossContinueAsNew(ledger, noon);
          expect(back.sent).toEqual(sent);
          expect(back.recentSends).toEqual(recentSends);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps what a customer was sent: engagement finds old messages and caps count the window', () => {
    let ledger = emptyContactLedger;
    let n = 0;
    const newId = () => `m${++n}`;
    // A receipt a day for 20 days, then two newsletters today: the 24-hour marketing cap (2) is used up.
    for (let day = 0; day < 20; day++) {
      const receipt = ask(`receipt-${day}`, { category: 'transactional' });
      ledger = requestContact(state, ledger, receipt, defaultPolicy, noon + day * DAY, newId).ledger;
    }
    const today = noon + 19 * DAY;
    for (const id of ['nl-1', 'nl-2']) {
      ledger = requestContact(state, ledger, ask(id), defaultPolicy, today + MINUTE, newId).ledger;
    }
    const now = today + HOUR;
    const back = acrossContinueAsNew(ledger, now);
    expect(back.sent).toEqual(ledger.sent);
    expect(back.recentSends).toEqual(ledger.recentSends);
    expect(back.sent.length).toBeLessThan(back.recentSends?.length ?? 0);
    expect(sentMessageOf(back, 'm1')).toEqual({ channel: 'email', category: 'transactional' });
    const third = requestContact(state, back, ask('nl-3'), defaultPolicy, now, newId).answer;
    expect(third).toMatchObject({ decision: 'scheduled', reason: 'frequency_cap:marketing-24h' });
  });

  it('gives back a retracted send as gone from both lists', () => {
    let ledger = emptyContactLedger;
    let n = 0;
    const newId = () => `m${++n}`;
    for (let i = 0; i < 4; i++) {
      ledger = requestContact(
        state,
        ledger,
        ask(`t-${i}`, { category: 'transactional' }),
        defaultPolicy,
        noon + i * MINUTE,
        newId,
      ).ledger;
    }
    ledger = retractUnrenderable(
      ledger,
      'm2',
      { template: 't', why: 'template_render_failed' },
      noon + HOUR,
    ).ledger;
    const back = acrossContinueAsNew(ledger, noon + HOUR);
    expect(ids(back.sent)).toEqual(['m1', 'm3', 'm4']);
    expect(ids(back.recentSends)).toEqual(['m1', 'm3', 'm4']);
  });
});

describe('the ledger carried across continue-as-new: answers', () => {
  it('answers a repeated request id the same way for 7 days, and decides it afresh after', () => {
    let n = 0;
    const newId = () => `m${++n}`;
    const first = requestContact(
      state,
      emptyContactLedger,
      ask('order-42', { category: 'transactional' }),
      defaultPolicy,
      noon,
      newId,
    );
    expect(first.ledger.answeredAt).toEqual({ 'order-42': noon });

    const sixDaysOn = noon + 6 * DAY;
    const within = acrossContinueAsNew(first.ledger, sixDaysOn);
    const again = requestContact(
      state,
      within,
      ask('order-42', { category: 'transactional' }),
      defaultPolicy,
      sixDaysOn,
      newId,
    );
    expect(again.answer).toEqual(first.answer);
    expect(again.deliveries).toEqual([]);

    const eightDaysOn = noon + 8 * DAY;
    const past = acrossContinueAsNew(within, eightDaysOn);
    expect(past.answers).toEqual({});
    expect(past.answerOrder).toEqual([]);
    // Decided afresh: still not sent twice while the send is in the ledger, but answered as a duplicate.
    const afresh = requestContact(
      state,
      past,
      ask('order-42', { category: 'transactional' }),
      defaultPolicy,
      eightDaysOn,
      newId,
    );
    expect(afresh.answer).toMatchObject({ decision: 'suppressed', reason: 'duplicate' });
    expect(afresh.deliveries).toEqual([]);
  });

  it('counts an answer from before times were kept as given at the carry: 7 more days', () => {
    const answer = {
      requestId: 'old',
      decision: 'sent' as const,
      reason: 'ok',
      messageId: 'm0',
      policyVersion: 1,
    };
    const before: ContactLedgerState = {
      ...emptyContactLedger,
      answers: { old: answer },
      answerOrder: ['old'],
    };
    const carriedAt = noon + 30 * DAY;
    const once = acrossContinueAsNew(before, carriedAt);
    expect(once.answers).toEqual({ old: answer });
    expect(once.answeredAt).toEqual({ old: carriedAt });
    expect(acrossContinueAsNew(once, carriedAt + ANSWERS_RETAINED_MS - 1).answers).toEqual({ old: answer });
    expect(acrossContinueAsNew(once, carriedAt + ANSWERS_RETAINED_MS).answers).toEqual({});
  });

  it('keeps the answer of a message still waiting to go out, however old', () => {
    let n = 0;
    const newId = () => `m${++n}`;
    // Quiet hours from 21:00: a newsletter asked at 23:00 waits for the morning.
    const late = Date.UTC(2026, 0, 5, 23);
    const step = requestContact(state, emptyContactLedger, ask('nl'), defaultPolicy, late, newId);
    expect(step.answer.decision).toBe('scheduled');
    const much = late + 10 * DAY;
    const back = acrossContinueAsNew(step.ledger, much);
    expect(back.answerOrder).toEqual(['nl']);
    expect(back.scheduled).toEqual(step.ledger.scheduled);
    expect(back.scheduledRequests).toEqual(step.ledger.scheduledRequests);
  });

  it('gives back exactly the ledger it carried when nothing is old enough to drop', () => {
    let ledger = emptyContactLedger;
    let n = 0;
    const newId = () => `m${++n}`;
    for (let i = 0; i < 40; i++) {
      const category = (['newsletter', 'transactional', 'promotion', 'service'] as const)[i % 4];
      const channel = (['email', 'sms', 'push'] as const)[i % 3];
      const now = noon + i * 2 * HOUR;
      ledger = requestContact(
        state,
        ledger,
        ask(`r${i}`, { category, channel }),
        defaultPolicy,
        now,
        newId,
      ).ledger;
      ledger = decideDueMessages(state, ledger, defaultPolicy, now).ledger;
    }
    const now = noon + 80 * HOUR;
    expect(acrossContinueAsNew(ledger, now)).toEqual(ledger);
  });

  it('carries request ids named like Object.prototype members as ordinary ids', () => {
    let ledger = emptyContactLedger;
    let n = 0;
    const newId = () => `m${++n}`;
    const hostile = ['__proto__', 'constructor', 'toString'];
    const answers = hostile.map((id) => {
      const step = requestContact(
        state,
        ledger,
        ask(id, { category: 'transactional' }),
        defaultPolicy,
        noon,
        newId,
      );
      ledger = step.ledger;
      return step.answer;
    });
    const back = acrossContinueAsNew(ledger, noon + HOUR);
    expect(Object.getPrototypeOf(back.answers)).toBe(Object.prototype);
    expect(back.answerOrder).toEqual(hostile);
    hostile.forEach((id, i) => {
      const again = requestContact(
        state,
        back,
        ask(id, { category: 'transactional' }),
        defaultPolicy,
        noon + 2 * HOUR,
        newId,
      );
      expect(again.answer).toEqual(answers[i]);
    });
  });

  it('keeps at most ANSWERS_KEPT answers, and their times with them', () => {
    let ledger = emptyContactLedger;
    let n = 0;
    const newId = () => `m${++n}`;
    const suppressed = {
      ...state,
      consent: { email: { status: 'opted_out' as const, at: new Date(noon).toISOString() } },
    };
    for (let i = 0; i < ANSWERS_KEPT + 3; i++) {
      ledger = requestContact(suppressed, ledger, ask(`r${i}`), defaultPolicy, noon + i, newId).ledger;
    }
    expect(ledger.answerOrder).toHaveLength(ANSWERS_KEPT);
    expect(Object.keys(ledger.answeredAt ?? {})).toEqual(ledger.answerOrder);
    expect(carryLedger(ledger, noon + HOUR).answers.map((a) => a.id)).toEqual(ledger.answerOrder);
  });
});

describe('the ledger a run starts from', () => {
  it('is empty for a new customer, and the ledger itself when carried in the form from before', () => {
    expect(restoreLedger(undefined)).toBe(emptyContactLedger);
    const before: ContactLedgerState = {
      ...emptyContactLedger,
      sent: [
        { messageId: 'm', requestId: 'r', channel: 'sms', category: 'service', priority: 50, sentAt: noon },
      ],
    };
    expect(restoreLedger(JSON.parse(JSON.stringify(before)) as ContactLedgerState)).toEqual(before);
  });

  it('carries the form from before byte for byte when asked to (replaying runs from before)', () => {
    const step = requestContact(state, emptyContactLedger, ask('x'), defaultPolicy, noon, () => 'm1');
    const before = withoutAnswerTimes(step.ledger);
    expect(before.answeredAt).toBeUndefined();
    expect(JSON.stringify(before)).toBe(JSON.stringify({ ...step.ledger, answeredAt: undefined }));
  });

  it('is smaller carried than in the form from before', () => {
    let ledger = emptyContactLedger;
    let n = 0;
    const newId = () => `m${++n}`;
    for (let day = 0; day < 30; day++) {
      ledger = requestContact(state, ledger, ask(`nl-${day}`), defaultPolicy, noon + day * DAY, newId).ledger;
    }
    ledger = { ...ledger, sent: [...pruneSent(ledger.sent, defaultPolicy, noon + 30 * DAY)] };
    const size = (v: unknown) => JSON.stringify(v).length;
    const compact = size(carryLedger(ledger, noon + 30 * DAY));
    expect(compact).toBeLessThan(size(withoutAnswerTimes(ledger)) / 2);
  });
});
