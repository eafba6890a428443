import type { Channel } from '../contact/types';
import { CHANNELS } from '../contact/types';
import type { ChannelsPolicy } from '../policy/policyDocument';
import { DEFAULT_FALLBACK_ORDER } from './defaults';
import type { EngagementProfile } from './engagementProfile';
import { profileAsOf } from './engagementProfile';

/**
 * Braze Intelligent Channel's rule for too little data: the customer must have received at least three
 * messages over at least two of the candidate channels, else the policy's fallback order decides. Counts are
 * decayed (decay.ts), so three messages today pass and three messages two months ago do not.
 */
export const MIN_MESSAGES_SEEN = 3;
export const MIN_CHANNELS_SEEN = 2;

/**
 * A channel is seen, and gets a score, with at least this many decayed messages received: one message within
 * the last half-life. Older traces (a message a year ago weighs 0.0002) say nothing about today.
 */
export const MIN_RECEIVED_TO_SCORE = 0.5;

/**
 * Why the channel was chosen: the best engagement score (`engagement`), the policy's `channels.fallbackOrder`
 * because there was too little data (`fallback_order`), or the only candidate there was (`only_candidate`).
 */
export type ChannelReason = 'engagement' | 'fallback_order' | 'only_candidate';

/** The choice and what it was made on: the decision inputs the ledger shows. */
export interface ChannelChoice {
  channel: Channel;
  reason: ChannelReason;
  /** Per seen candidate: human opens or clicks per message received, decayed (0..1). */
  scores: Partial<Record<Channel, number>>;
  /** Decayed messages received over the candidate channels. */
  messagesSeen: number;
  /** Candidate channels with at least MIN_RECEIVED_TO_SCORE messages received. */
  channelsSeen: number;
}

/**
 * The policy's `channels`. Optional because a policy a workflow received before the section existed (carried
 * across continue-as-new, recorded in history) has none: it reads as the default order.
 */
export interface ChannelsInPolicy {
  channels?: ChannelsPolicy;
}

interface Ranking {
  order: Channel[];
  reason: ChannelReason;
  scores: Partial<Record<Channel, number>>;
  messagesSeen: number;
  channelsSeen: number;
}

/**
 * The channel for `"channel": "auto"`, among `candidates`: the caller passes the reachable, consented ones
 * allowed for the category. Undefined when there are none. With enough data (MIN_MESSAGES_SEEN over
 * MIN_CHANNELS_SEEN) the seen channel with the best score wins, ties and unseen channels in fallback order;
 * otherwise the first candidate in `channels.fallbackOrder` (channels it does not list come after, in the
 * order of CHANNELS).
 */
export function chooseChannel(
  profile: EngagementProfile,
  candidates: readonly Channel[],
  policy: ChannelsInPolicy,
  now: number,
): ChannelChoice | undefined {
  const ranking = rankChannels(profile, candidates, policy, now);
  const [channel] = ranking.order;
  if (channel === undefined) return undefined;
  return {
    channel,
    reason: ranking.reason,
    scores: ranking.scores,
    messagesSeen: ranking.messagesSeen,
    channelsSeen: ranking.channelsSeen,
  };
}

/**
 * The candidates to try, best first, when `chosen` cannot go now (a cap or quiet hours on that channel): the
 * same ranking as chooseChannel's, without `chosen`. The decision code tries them before deferring.
 */
export function alternativesInOrder(
  profile: EngagementProfile,
  candidates: readonly Channel[],
  policy: ChannelsInPolicy,
  now: number,
  chosen: Channel,
): Channel[] {
  return rankChannels(profile, candidates, policy, now).order.filter((channel) => channel !== chosen);
}

function rankChannels(
  profile: EngagementProfile,
  candidates: readonly Channel[],
  policy: ChannelsInPolicy,
  now: number,
): Ranking {
  const fallback = inFallbackOrder(
    [...new Set(candidates)],
    policy.channels?.fallbackOrder ?? DEFAULT_FALLBACK_ORDER,
  );
  const current = profileAsOf(profile, now);
  const scores: Partial<Record<Channel, number>> = {};
  let messagesSeen = 0;
  let channelsSeen = 0;
  for (const channel of fallback) {
    const counts = current.channels[channel];
    if (!counts) continue;
    messagesSeen += counts.received;
    if (counts.received < MIN_RECEIVED_TO_SCORE) continue;
    channelsSeen += 1;
    scores[channel] = round(Math.min(1, counts.engaged / counts.received));
  }
  const facts = { scores, messagesSeen: round(messagesSeen), channelsSeen };
  if (fallback.length <= 1) return { order: fallback, reason: 'only_candidate', ...facts };
  if (messagesSeen < MIN_MESSAGES_SEEN || channelsSeen < MIN_CHANNELS_SEEN) {
    return { order: fallback, reason: 'fallback_order', ...facts };
  }
  // A stable sort: equal scores, and unseen channels after the seen ones, keep the fallback order.
  const order = [...fallback].sort((a, b) => (scores[b] ?? -1) - (scores[a] ?? -1));
  return { order, reason: 'engagement', ...facts };
}

/** The candidates in the policy's order; those it does not list after them, in the order of CHANNELS. */
function inFallbackOrder(candidates: readonly Channel[], fallbackOrder: readonly Channel[]): Channel[] {
  const rank = (channel: Channel): number => {
    const listed = fallbackOrder.indexOf(channel);
    return listed >= 0 ? listed : fallbackOrder.length + CHANNELS.indexOf(channel);
  };
  return [...candidates].sort((a, b) => rank(a) - rank(b));
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
