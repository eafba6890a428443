import { patched } from '@temporalio/workflow';
import type { CartRecoverySettings, CartRecoveryTrigger } from '../../domain/journeys/cartRecoveryRules';
import {
  cartFollowUp,
  followUpNeedsFallback,
  personEngagedWith,
  purchasesCart,
} from '../../domain/journeys/cartRecoveryRules';
import type { JourneyInput } from './messages';
import type { ContactAnswer } from '../../domain/contact';
import type { Journey, JourneyOutcome } from './journeyRuntime';
import { runJourney } from './journeyRuntime';

/**
 * Runs started from here on choose the second step's channel by what the first did (cartFollowUp): runs
 * recorded before it send the push they always did.
 */
const FOLLOW_UP_BY_ENGAGEMENT = 'cart-follow-up-by-engagement';

/**
 * Cart recovery: a reminder email `firstReminderAfter` the cart was abandoned (the `cart-reminder` template
 * with the cart's items), then `secondChannelAfter` that, if the cart is still not bought, a follow-up: by
 * email when a person opened or clicked the reminder, else "auto" on the other channel the customer engages
 * with most (the seed's "if Sarah doesn't open the email"), by email again when no other channel reaches them.
 * A purchase of that cart ends it at once (and withdraws a reminder still waiting, say, for quiet hours to
 * end). Both reminders are marketing (`reminder`), so caps, quiet hours and exclusions apply through the
 * customer's ledger.
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
      const reminder = await journey.send('reminder_email', {
        channel: 'email',
        category: 'reminder',
        content: { template: 'cart-reminder', data },
      });
      return followUpCart(journey, input.settings, reminder, data);
    },
  });
}

/**
 * Cart recovery after its first reminder: `secondChannelAfter`, then the follow-up by what the reminder did.
 * Its own function so that a change to the journey's start (test/fixtures/journeyChanges) keeps this part.
 */
export async function followUpCart(
  journey: Journey,
  settings: CartRecoverySettings,
  reminder: ContactAnswer,
  data: Record<string, unknown>,
): Promise<string> {
  await journey.sleep('wait_second_channel', settings.secondChannelAfter);
  if (!patched(FOLLOW_UP_BY_ENGAGEMENT)) {
    await journey.send('reminder_push', {
      channel: 'push',
      category: 'reminder',
      content: { template: 'cart-reminder-push', data },
    });
    return 'reminded_twice';
  }
  const { messageId } = reminder;
  const opened =
    messageId !== undefined && journey.received((event) => personEngagedWith(event, messageId)) !== undefined;
  const followUp = cartFollowUp('email', opened);
  journey.record('follow_up_channel', { why: followUp.why });
  const content = { template: 'cart-reminder-followup', data };
  if (followUp.channel !== 'auto') {
    await journey.send('reminder_followup', { channel: followUp.channel, category: 'reminder', content });
    return 'reminded_twice';
  }
  const answer = await journey.send('reminder_followup', {
    channel: 'auto',
    candidates: followUp.candidates,
    category: 'reminder',
    content,
  });
  // No other channel reaches the customer: the ignored one is still better than silence.
  if (followUpNeedsFallback(answer)) {
    await journey.send('reminder_followup_fallback', {
      channel: followUp.fallback,
      category: 'reminder',
      content,
    });
  }
  return 'reminded_twice';
}
