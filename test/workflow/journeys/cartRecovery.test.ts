import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../domain/policy';
import { journeyEvent } from '../support/events';
import { journeyBench } from '../support/journeyBench';

// The policy's own timings: a reminder an hour after the cart is abandoned, a follow-up a day after that.
const settings = defaultPolicy.journeys.cartRecovery;
const trigger = { cartId: 'cart-1', items: [{ sku: 'tea', qty: 2 }] };

const bench = journeyBench();

describe('cart recovery', () => {
  it('reminds by email an hour after the cart was abandoned, then a day later on another channel by engagement when the email was not opened', async () => {
    const journey = await bench.start('cartRecovery', { trigger, settings });

    const { outcome, notice } = await journey.end();

    expect(outcome).toEqual({ status: 'completed', reason: 'reminded_twice' });
    expect(notice).toMatchObject({ journeyId: journey.input.journeyId, status: 'completed' });
    expect(journey.sends().map((s) => [s.channel, s.candidates, s.category, s.content?.template])).toEqual([
      ['email', undefined, 'reminder', 'cart-reminder'],
      ['auto', ['sms', 'push'], 'reminder', 'cart-reminder-followup'],
    ]);
    expect(journey.sends()[0].content?.data).toEqual(trigger);
    expect(journey.hoursAfterStart('reminder_email')).toBeCloseTo(1, 1);
    expect(journey.hoursAfterStart('reminder_followup')).toBeCloseTo(25, 1);
  });

  it('follows up by email when a person opened the reminder, not when only a privacy proxy did', async () => {
    const opener = await bench.start('cartRecovery', { trigger, settings });
    const proxied = await bench.start('cartRecovery', { trigger, settings });
    await bench.skip('1h');
    await opener.reached('reminder_email');
    await proxied.reached('reminder_email');
    const reminderOf = (journey: typeof opener) => `m-${journey.sends()[0].id}`;

    await proxied.hears(
      journeyEvent('engagement', {
        channel: 'email',
        properties: { messageId: reminderOf(proxied), action: 'opened', machine: true },
      }),
    );
    await opener.hears(
      journeyEvent('engagement', {
        channel: 'email',
        properties: { messageId: reminderOf(opener), action: 'opened' },
      }),
    );

    await opener.end();
    await proxied.end();
    expect(opener.sends().map((s) => s.channel)).toEqual(['email', 'email']);
    expect(opener.sends()[1].content?.template).toBe('cart-reminder-followup');
    expect(proxied.sends().map((s) => s.channel)).toEqual(['email', 'auto']);
  });

  it('follows up by email again when no other channel reaches the customer', async () => {
    const journey = await bench.start('cartRecovery', {
      trigger,
      settings,
      answer: (request) =>
        request.channel === 'auto'
          ? { decision: 'suppressed', reason: 'unreachable' }
          : { decision: 'sent', reason: 'ok' },
    });

    expect((await journey.end()).outcome).toEqual({ status: 'completed', reason: 'reminded_twice' });
    expect(journey.sends().map((s) => [s.id.split(':').pop(), s.channel])).toEqual([
      ['reminder_email', 'email'],
      ['reminder_followup', 'auto'],
      ['reminder_followup_fallback', 'email'],
    ]);
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
