import type { CartRecoverySettings, CartRecoveryTrigger } from '../../domain/journeys/cartRecoveryRules';
import { purchasesCart } from '../../domain/journeys/cartRecoveryRules';
import type { JourneyInput } from './messages';
import type { JourneyOutcome } from './journeyRuntime';
import { runJourney } from './journeyRuntime';

/**
 * Cart recovery: a reminder email `firstReminderAfter` the cart was abandoned, then a push
 * `secondChannelAfter` that if the cart is still not bought. A purchase of that cart ends it at once (and
 * withdraws a reminder still waiting, say, for quiet hours to end). Both reminders are marketing
 * (`reminder`), so caps, quiet hours and exclusions apply through the customer's ledger.
 */
export async function cartRecoveryJourney(
  input: JourneyInput<CartRecoveryTrigger, CartRecoverySettings>,
): Promise<JourneyOutcome> {
  const { cartId, items } = input.trigger;
  return runJourney(input, {
    exitWhen: (event) => (purchasesCart(event, cartId) ? 'cart_purchased' : undefined),
    async run(journey) {
      const data = { cartId, ...(items !== undefined ? { items } : {}) };
      await journey.sleep('wait_first_reminder', input.settings.firstReminderAfter);
      await journey.send('reminder_email', {
        channel: 'email',
        category: 'reminder',
        content: { template: 'cart-reminder', data },
      });
      await journey.sleep('wait_second_channel', input.settings.secondChannelAfter);
      await journey.send('reminder_push', {
        channel: 'push',
        category: 'reminder',
        content: { template: 'cart-reminder-push', data },
      });
      return 'reminded_twice';
    },
  });
}
