import type { WinBackSettings, WinBackTrigger } from '../../domain/journeys/winBackRules';
import { isPurchase } from '../../domain/journeys/winBackRules';
import type { JourneyInput } from './messages';
import type { JourneyOutcome } from './journeyRuntime';
import { runJourney } from './journeyRuntime';

/**
 * Win-back: a customer who has not bought anything for `quietFor` since their last purchase gets an offer.
 * Each purchase while they are in the journey starts the wait again. Off unless the policy has
 * `journeys.winBack` (README, "Write a journey", walks through how this journey was added).
 */
export async function winBackJourney(
  input: JourneyInput<WinBackTrigger, WinBackSettings>,
): Promise<JourneyOutcome> {
  return runJourney(input, {
    async run(journey) {
      let purchases = 1;
      while (
        await journey.waitForEvent('awaiting_next_purchase', isPurchase, { timeout: input.settings.quietFor })
      ) {
        purchases++;
      }
      const offer = await journey.send('win_back_offer', {
        channel: 'email',
        category: 'promotion',
        content: { template: 'win-back', data: { purchases } },
      });
      return offer.decision === 'suppressed' ? `offer_suppressed:${offer.reason}` : 'offered';
    },
  });
}
