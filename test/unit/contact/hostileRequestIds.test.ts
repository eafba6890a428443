import { describe, expect, it } from 'vitest';
import type { ContactLedgerState, ContactRequest } from '../../../domain/contact';
import { emptyContactLedger, requestContact } from '../../../domain/contact';
import { initialCustomerState } from '../../../domain/customer/customerState';
import { toCustomerView } from '../../../domain/customer/customerView';
import { defaultPolicy } from '../../../domain/policy';

const state = { ...initialCustomerState('w', 'c'), traits: { timezone: 'UTC' } };
const noon = Date.UTC(2026, 0, 1, 12);
let n = 0;
const newId = () => `m${++n}`;
const request = (id: string): ContactRequest => ({
  id,
  channel: 'email',
  category: 'transactional',
  priority: 100,
});

/** Names every plain JavaScript object already answers to. */
const OBJECT_MEMBERS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('request ids that are also names of Object.prototype members', () => {
  it.each(OBJECT_MEMBERS)('%s is decided like any id, and answered the same when repeated', (id) => {
    const first = requestContact(state, emptyContactLedger, request(id), defaultPolicy, noon, newId);
    expect(first.answer).toMatchObject({ requestId: id, decision: 'sent', reason: 'ok' });
    expect(first.deliveries).toHaveLength(1);
    expect(Object.prototype.hasOwnProperty.call(first.ledger.answers, id)).toBe(true);
    expect(Object.getPrototypeOf(first.ledger.answers)).toBe(Object.prototype);

    const again = requestContact(state, first.ledger, request(id), defaultPolicy, noon + 1_000, newId);
    expect(again.answer).toEqual(first.answer);
    expect(again.deliveries).toEqual([]);
  });

  it('keeps its answer across continue-as-new (the ledger goes through JSON)', () => {
    let ledger: ContactLedgerState = emptyContactLedger;
    const answers = OBJECT_MEMBERS.map((id) => {
      const step = requestContact(state, ledger, request(id), defaultPolicy, noon, newId);
      ledger = step.ledger;
      return step.answer;
    });
    const carried = JSON.parse(JSON.stringify(ledger)) as ContactLedgerState;
    expect(carried.answerOrder).toEqual(OBJECT_MEMBERS);
    OBJECT_MEMBERS.forEach((id, i) => {
      const again = requestContact(state, carried, request(id), defaultPolicy, noon + 1_000, newId);
      expect(again.answer).toEqual(answers[i]);
    });
  });

  it('leaves the state of ordinary ids exactly as before (recorded histories still replay)', () => {
    const step = requestContact(state, emptyContactLedger, request('order-42'), defaultPolicy, noon, newId);
    expect(Object.keys(step.ledger.answers)).toEqual(['order-42']);
    expect(step.ledger.answerOrder).toEqual(['order-42']);
  });
});

describe('the customer view', () => {
  it('shows consent for a channel named like a prototype member as an own field', () => {
    const view = toCustomerView({
      ...state,
      consent: JSON.parse('{"__proto__":{"status":"opted_out","at":"2026-01-01T00:00:00.000Z"}}'),
    });
    expect(Object.getPrototypeOf(view.consent)).toBe(Object.prototype);
    expect(JSON.stringify(view.consent)).toBe('{"__proto__":"opted_out"}');
  });
});
