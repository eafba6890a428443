import type { Landing } from './campaign';
import type { OpenProbabilities } from './openModel';
import type { SimChannel } from './population';

/** A message's channel and instant, and the true chance it is opened. */
export interface Send {
  channel: SimChannel;
  at: number;
  hour: number;
  probability: number;
}

/**
 * The best the true model allows: among `channels` and the `landings` a request can choose, the pair with
 * the highest chance of an open (ties to the earlier instant, then to the channel listed first). It knows
 * what no learner can: the customer's true activity curve and propensities.
 */
export function bestSend(
  probabilities: OpenProbabilities,
  channels: readonly SimChannel[],
  landings: readonly Landing[],
): Send | undefined {
  let best: Send | undefined;
  for (const channel of channels) {
    for (const { at, hour } of landings) {
      const probability = probabilities[channel][hour];
      if (
        best === undefined ||
        probability > best.probability ||
        (probability === best.probability && at < best.at)
      ) {
        best = { channel, at, hour, probability };
      }
    }
  }
  return best;
}
