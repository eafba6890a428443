import type { AdvocacySettings, AdvocacyTrigger } from '../../domain/journeys/advocacyRules';
import {
  ADVOCACY_ACTION_WINDOW,
  cancelsAdvocacy,
  isAdvocacyAction,
} from '../../domain/journeys/advocacyRules';
import type { JourneyInput } from './messages';
import type { JourneyOutcome } from './journeyRuntime';
import { runJourney } from './journeyRuntime';

/**
 * Advocacy: a delighted customer (strongly positive review or social post, no open case) is asked, after
 * `askAfter`, for a review, testimonial or referral, and thanked if they act. A negative event or a
 * disruption cancels it at once — and withdraws an ask that is still scheduled.
 */
export async function advocacyJourney(
  input: JourneyInput<AdvocacyTrigger, AdvocacySettings>,
): Promise<JourneyOutcome> {
  return runJourney(input, {
    exitWhen: cancelsAdvocacy,
    async run(journey) {
      await journey.sleep('wait_before_ask', input.settings.askAfter);
      const ask = await journey.send('advocacy_ask', {
        channel: 'email',
        category: 'advocacy',
        content: { template: 'advocacy-ask', data: { sharedOn: input.trigger.channel } },
      });
      if (ask.decision === 'suppressed') return `ask_suppressed:${ask.reason}`;
      // The action window opens when the ask goes out: a review posted before that is not an answer to it.
      if (ask.scheduledFor) {
        await journey.sleep('wait_for_ask_to_go_out', Math.max(0, Date.parse(ask.scheduledFor) - Date.now()));
      }
      const acted = await journey.waitForEvent('awaiting_advocacy', isAdvocacyAction, {
        since: 'now',
        timeout: ADVOCACY_ACTION_WINDOW,
      });
      if (!acted) return 'no_action';
      await journey.send('thank_you', {
        channel: 'email',
        // A thank-you answers something the customer did: service, not marketing.
        category: 'service',
        content: { template: 'advocacy-thank-you', data: { eventId: acted.id } },
      });
      return 'thanked';
    },
  });
}
