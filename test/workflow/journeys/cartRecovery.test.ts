import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../domain/policy';
import { journeyEvent } from '../support/events';
import { journeyBench } from '../support/journeyBench';

// The policy's own timings: a reminder an hour after the cart is abandoned, a push a day after that.
const settings = defaultPolicy.journeys.cartRecovery;
const trigger = { cartId: 'cart-1', items: [{ sku: 'tea', qty: 2 }] };

const bench = journeyBench();

describe('cart recovery', () => {
  it('reminds by email an hour after the cart was abandoned, then by push a day later', async () => {
    const journey = await bench.start('cartRecovery', { trigger, settings });

    const { outcome, notice } = await journey.end();

    expect(outcome).toEqual({ status: 'completed', reason: 'reminded_twice' });
    expect(notice).toMatchObject({ journeyId: journey.input.journeyId, status: 'completed' });
    expect(journey.sends().map((s) => [s.channel, s.category, s.content?.template])).toEqual([
      ['email', 'reminder', 'cart-reminder'],
      ['push', 'reminder', 'cart-reminder-push'],
    ]);
    expect(journey.sends()[0].content?.data).toEqual(trigger);
    expect(journey.hoursAfterStart('reminder_email')).toBeCloseTo(1, 1);
    expect(journey.hoursAfterStart('reminder_push')).toBeCloseTo(25, 1);
  });

  it('stops at once when the cart is bought after the first reminder', async () => {
    const journey = await bench.start('cartRecovery', { trigger, settings });
    await bench.skip('1h');
    await journey.reached('reminder_email');

    await journey.hears(journeyEvent('purchase', { properties: { cartId: 'cart-1' } }));
    const { outcome, notice } = await journey.end();

    expect(outcome).toEqual({ status: 'exited', reason: 'cart_purchased' });
    // The customer workflow hears it exited, and withdraws whatever it had still scheduled.
    expect(notice).toMatchObject({ status: 'exited', reason: 'cart_purchased' });
    expect(journey.sends().map((s) => s.channel)).toEqual(['email']);
  });

  it('sends nothing when the cart is bought before the first reminder', async () => {
    const journey = await bench.start('cartRecovery', { trigger, settings });
    await journey.reached('wait_first_reminder');

    await journey.hears(journeyEvent('purchase', { properties: { orderId: 'o-1' } }));

    expect((await journey.end()).outcome).toEqual({ status: 'exited', reason: 'cart_purchased' });
    expect(journey.sends()).toEqual([]);
  });

  it('keeps reminding when another cart is bought', async () => {
    const journey = await bench.start('cartRecovery', { trigger, settings });
    await journey.reached('wait_first_reminder');

    await journey.hears(journeyEvent('purchase', { properties: { cartId: 'cart-2' } }));

    expect((await journey.end()).outcome).toEqual({ status: 'completed', reason: 'reminded_twice' });
    expect(journey.sends()).toHaveLength(2);
  });
});
