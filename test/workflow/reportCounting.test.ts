import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../domain/policy';
import { defaultPolicy } from '../../domain/policy';
import type { CounterBatch } from '../../domain/reports/reportCounters';
import { counterKey } from '../../domain/reports/reportCounters';
import { eventually } from '../support/eventually';
import type { TestCustomer } from './support/customerBench';
import { customerBench } from './support/customerBench';
import { customerEvent } from './support/events';

// What the customer workflow counts into the reports (domain/reports), on a real Temporal server with the
// counter writes kept in memory: the increments a report would add up, in the order they were written.

const policy = (overrides: Partial<PolicyDocument> = {}): PolicyDocument => ({
  ...defaultPolicy,
  quietHours: { ...defaultPolicy.quietHours, categories: [] },
  ...overrides,
});

/** Every increment written so far, summed by key over all buckets. */
function sums(batches: readonly CounterBatch[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const batch of batches) {
    for (const { key, by } of batch.increments) totals[key] = (totals[key] ?? 0) + by;
  }
  return totals;
}

/** The customer's totals once `key` has been counted. */
const countedOnce = (customer: TestCustomer, key: string, timeoutMs: number, what: string) =>
  eventually(
    () => {
      const totals = sums(customer.counterBatches());
      return totals[key] ? totals : undefined;
    },
    timeoutMs,
    what,
  );

const bench = customerBench();

describe('the customer workflow counts its customer into the reports', () => {
  it('enters the global and campaign cohorts, counts the send, and converts both on a purchase with the last send named', async () => {
    const customer = await bench.customer({ policy: policy() });
    await customer.sends(customerEvent('browse'));
    const answer = await customer.asks({
      id: 'spring-1',
      channel: 'email',
      category: 'promotion',
      priority: 50,
      campaign: 'spring',
    });
    expect(answer.decision).toBe('sent');
    await customer.sends(customerEvent('purchase', { properties: { orderId: 'o-1' } }));

    const purchase = await eventually(
      () => customer.processedEvents().find((e) => e.type === 'purchase' && e.conversions),
      10_000,
      'the purchase with its conversions',
    );
    expect(purchase.conversions).toEqual(
      expect.arrayContaining([
        { goal: 'purchase', scope: 'global', messageId: answer.messageId },
        { goal: 'purchase', scope: 'campaign:spring', messageId: answer.messageId },
      ]),
    );
    const counted = await countedOnce(
      customer,
      counterKey.cohortConverted('campaign:spring', 'purchase', 'treatment'),
      10_000,
      'the conversion counted',
    );
    expect(counted).toMatchObject({
      [counterKey.cohortEntered('global', 'purchase', 'treatment')]: 1,
      [counterKey.cohortConverted('global', 'purchase', 'treatment')]: 1,
      [counterKey.cohortEntered('campaign:spring', 'purchase', 'treatment')]: 1,
      [counterKey.sent()]: 1,
      [counterKey.sentByChannel('email')]: 1,
      [counterKey.marketingPerCustomer(1)]: 1,
    });
    // Each batch once, in order: storage relies on it to count a retried batch once.
    const seqs = customer.counterBatches().map((b) => b.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('counts a customer in the global control group as control, with the held-back promotion a suppression', async () => {
    const customer = await bench.customer({
      policy: policy({ holdout: { ...defaultPolicy.holdout, globalPercent: 100 } }),
    });
    await customer.sends(customerEvent('browse'));
    const answer = await customer.asks({
      id: 'p-1',
      channel: 'email',
      category: 'promotion',
      priority: 50,
      campaign: 'spring',
    });
    expect(answer).toMatchObject({ decision: 'suppressed', reason: 'holdout' });
    const totals = await countedOnce(
      customer,
      counterKey.suppressed('holdout'),
      10_000,
      'the held-back promotion counted',
    );
    expect(totals).toMatchObject({
      [counterKey.cohortEntered('global', 'purchase', 'control')]: 1,
      [counterKey.cohortEntered('campaign:spring', 'purchase', 'control')]: 1,
      [counterKey.suppressedByCategory('promotion')]: 1,
    });
    expect(totals[counterKey.sent()]).toBeUndefined();
  });

  it('counts a cart-recovery run: entered, its reminder reached and sent, converted by the purchase of its cart, and its exit', async () => {
    const customer = await bench.customer({
      policy: policy({
        journeys: {
          ...defaultPolicy.journeys,
          cartRecovery: {
            enabled: true,
            firstReminderAfter: '0s',
            secondChannelAfter: '1h',
            goal: 'purchase',
          },
        },
      }),
    });
    await customer.sends(customerEvent('identify', { properties: { traits: { email: 'ada@example.com' } } }));
    await customer.sends(customerEvent('cart_abandoned', { properties: { cartId: 'cart-9' } }));
    await eventually(
      () =>
        customer.decisions().find((d) => d.requestId.endsWith(':reminder_email') && d.decision === 'sent'),
      15_000,
      'the reminder sent',
    );
    await customer.sends(customerEvent('purchase', { properties: { cartId: 'cart-9' } }));

    const totals = await countedOnce(
      customer,
      counterKey.funnelExit('cartRecovery', 'treatment', 'cart_purchased'),
      15_000,
      'the run’s exit counted',
    );
    expect(totals).toMatchObject({
      [counterKey.funnelEntered('cartRecovery', 'treatment')]: 1,
      [counterKey.funnelStep('cartRecovery', 'treatment', 'reminder_email', 'reached')]: 1,
      [counterKey.funnelStep('cartRecovery', 'treatment', 'reminder_email', 'sent')]: 1,
      [counterKey.funnelStep('cartRecovery', 'treatment', 'reminder_email', 'converted')]: 1,
      [counterKey.funnelConverted('cartRecovery', 'treatment')]: 1,
      [counterKey.cohortConverted('journey:cartRecovery', 'purchase', 'treatment')]: 1,
    });
    // Every funnel counter of the run lands in the hour it entered, whenever it happened.
    const runBuckets = new Set(
      customer
        .counterBatches()
        .flatMap((b) => b.increments)
        .filter((i) => i.key.startsWith('f|'))
        .map((i) => i.bucket),
    );
    expect(runBuckets.size).toBe(1);
  });

  it('carries what it counts across continue-as-new: a purchase after it converts the entry made before, once', async () => {
    const customer = await bench.customer({ policy: policy(), continueAsNewAfterHistoryLength: 40 });
    // Browses until the history is long enough to continue as new. How many that takes depends on how the
    // server batches signals into workflow tasks (more per task on a busy machine), so it is not a fixed count.
    await eventually(
      async () => {
        if ((await customer.handle.describe()).runId !== customer.handle.firstExecutionRunId) return true;
        await customer.sends(customerEvent('browse'));
        return undefined;
      },
      30_000,
      'a continue-as-new',
    );
    await customer.sends(customerEvent('purchase'));
    const totals = await countedOnce(
      customer,
      counterKey.cohortConverted('global', 'purchase', 'treatment'),
      10_000,
      'the conversion after continue-as-new',
    );
    expect(totals[counterKey.cohortEntered('global', 'purchase', 'treatment')]).toBe(1);
    expect(totals[counterKey.cohortConverted('global', 'purchase', 'treatment')]).toBe(1);
  });
});
