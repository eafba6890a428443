import { describe, expect, it } from 'vitest';
import { emptyContactLedger, type ContactLedgerState } from '../../../domain/contact/contactLedger';
import { retractUnrenderable } from '../../../domain/contact/retractUnrenderable';

const sent = {
  messageId: 'm1',
  requestId: 'r1',
  channel: 'email' as const,
  category: 'promotion' as const,
  priority: 50,
  sentAt: 1_000,
};
const ledger: ContactLedgerState = {
  ...emptyContactLedger,
  sent: [sent, { ...sent, messageId: 'm2', requestId: 'r2' }],
  recentSends: [sent, { ...sent, messageId: 'm2', requestId: 'r2' }],
  answers: { r1: { requestId: 'r1', decision: 'sent', reason: 'ok', messageId: 'm1', policyVersion: 4 } },
  answerOrder: ['r1'],
};
const failure = {
  template: 'welcome',
  why: 'template_missing_variable',
  variable: 'customer.traits.nickname',
};

describe('retractUnrenderable', () => {
  it('suppresses the message, frees its cap slot and answers the request id with the truth', () => {
    const step = retractUnrenderable(ledger, 'm1', failure, Date.UTC(2026, 11, 4));
    expect(step.ledger.sent.map((m) => m.messageId)).toEqual(['m2']);
    expect(step.ledger.recentSends?.map((m) => m.messageId)).toEqual(['m2']);
    expect(step.ledger.answers.r1).toEqual({
      requestId: 'r1',
      decision: 'suppressed',
      reason: 'template_error',
      messageId: 'm1',
      policyVersion: 4,
    });
    expect(step.record).toMatchObject({
      messageId: 'm1',
      decision: 'suppressed',
      reason: 'template_error',
      trigger: 'render_failed',
      policyVersion: 4,
      inputs: failure,
      decidedAt: '2026-12-04T00:00:00.000Z',
    });
  });

  it('changes nothing for a message it does not know', () => {
    const step = retractUnrenderable(ledger, 'gone', failure, 0);
    expect(step.ledger).toBe(ledger);
    expect(step.record).toBeUndefined();
  });
});
