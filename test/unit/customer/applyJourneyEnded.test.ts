import { describe, expect, it } from 'vitest';
import { applyJourneyEnded } from '../../../domain/customer/applyJourneyEnded';
import type { ContactLedgerState } from '../../../domain/contact';
import { emptyContactLedger, requestContact } from '../../../domain/contact';
import type { CustomerState } from '../../../domain/customer/customerState';
import { initialCustomerState } from '../../../domain/customer/customerState';
import type { JourneyEnded, JourneyStatus } from '../../../domain/journeys/journeysState';
import { defaultPolicy } from '../../../domain/policy';
import { journeyRegistry } from '../../../domain/journeys/registry';

const NOW = Date.UTC(2026, 5, 1, 12);
const cart = {
  journeyId: 'journey:w:c:cartRecovery:1',
  name: 'cartRecovery',
  run: 1,
  startedAt: new Date(NOW).toISOString(),
  triggeredBy: 'e1',
};
const inCart: CustomerState = {
  ...initialCustomerState('w', 'c'),
  traits: { timezone: 'UTC' },
  journeys: { active: [cart], runs: { cartRecovery: 1 }, lastStartedAt: { cartRecovery: cart.startedAt } },
};

/** Two marketing sends use up the 24h cap; then the journey's reminder and a campaign's promotion wait. */
function ledgerWithScheduledReminder(): ContactLedgerState {
  let ledger = emptyContactLedger;
  let n = 0;
  for (const id of ['a', 'b', 'journey:cartRecovery:1:reminder_push', 'campaign-x']) {
    ledger = requestContact(
      inCart,
      ledger,
      { id, channel: 'push', category: 'promotion', priority: 50, expiresAt: NOW + 3 * 86_400_000 },
      defaultPolicy,
      NOW,
      () => `m${++n}`,
    ).ledger;
  }
  return ledger;
}

const ended = (status: JourneyStatus, journeyId = cart.journeyId): JourneyEnded => ({
  journeyId,
  name: 'cartRecovery',
  status,
  reason: status === 'exited' ? 'cart_purchased' : 'reminded_twice',
  at: new Date(NOW).toISOString(),
});

describe('when a journey reports its end', () => {
  it('takes back what an exited journey scheduled, and only that', () => {
    const step = applyJourneyEnded(
      inCart,
      ledgerWithScheduledReminder(),
      ended('exited'),
      journeyRegistry,
      defaultPolicy,
      NOW,
    );
    expect(step.state.journeys.active).toEqual([]);
    expect(step.records.map((r) => [r.requestId, r.reason, r.inputs])).toEqual([
      [
        'journey:cartRecovery:1:reminder_push',
        'withdrawn',
        { withdrawnBy: cart.journeyId, why: 'exited:cart_purchased' },
      ],
    ]);
    expect(step.ledger.scheduled.map((m) => m.requestId)).toEqual(['campaign-x']);
  });

  it('lets the messages of a completed journey go out', () => {
    const ledger = ledgerWithScheduledReminder();
    const step = applyJourneyEnded(inCart, ledger, ended('completed'), journeyRegistry, defaultPolicy, NOW);
    expect(step.state.journeys.active).toEqual([]);
    expect(step.records).toEqual([]);
    expect(step.ledger).toBe(ledger);
  });

  it('changes nothing for a journey that is not active (a repeated or late notice)', () => {
    const ledger = ledgerWithScheduledReminder();
    const step = applyJourneyEnded(
      inCart,
      ledger,
      ended('cancelled', 'journey:w:c:cartRecovery:9'),
      journeyRegistry,
      defaultPolicy,
      NOW,
    );
    expect(step).toEqual({ state: inCart, ledger, records: [], starts: [] });
  });
});
