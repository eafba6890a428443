import type { Channel } from '../contact/types';
import type { EngagementAction } from '../events/engagement';
import { decayFactor, roundCount } from './decay';
import { HOURS_OF_WEEK, hourOfWeekAt, zoneOrUtc } from './hourOfWeek';

/**
 * What the customer's past engagement says about the channel and the hour that reach them: carried in the
 * customer workflow's state across continue-as-new, so plain JSON (no Map or Set) and bounded (168 hours,
 * one entry per channel, a bounded list of message ids).
 *
 * Every count is decayed (decay.ts): the numbers are as of `asOf`, and each update first brings them
 * forward to its own instant. An update dated before `asOf` (an event that arrived late) adds its weight as
 * of `asOf` instead, so the profile never moves back in time.
 */
export interface EngagementProfile {
  /** Epoch ms the counts are decayed to; 0 for a profile that has never counted anything. */
  asOf: number;
  /** Per channel: messages received, and those a person opened or clicked (each message once). */
  channels: Partial<Record<Channel, ChannelEngagement>>;
  /**
   * Human opens and clicks by hour of the week in the customer's zone at the time (hourOfWeek.ts), each
   * message once: 168 numbers, Monday 00:00 first.
   */
  hours: number[];
  /** The last messages a person engaged with (newest last): an open then a click of one message count once. */
  engagedMessages: string[];
}

export interface ChannelEngagement {
  received: number;
  engaged: number;
}

/**
 * How many engaged message ids are remembered to count each message once. An open and a click of the same
 * message come minutes apart, so the last 50 are plenty; ids are at most 128 characters, the list under 7 KB.
 */
export const ENGAGED_MESSAGES_KEPT = 50;

/** The actions that show a person paid attention; the others (bounces, unsubscribes) are not engagement here. */
export type AttentionAction = Extract<EngagementAction, 'opened' | 'clicked'>;

export function emptyEngagementProfile(): EngagementProfile {
  return { asOf: 0, channels: {}, hours: new Array<number>(HOURS_OF_WEEK).fill(0), engagedMessages: [] };
}

/** The profile with every count decayed to `at` (unchanged when `at` is not later than its `asOf`). */
export function profileAsOf(profile: EngagementProfile, at: number): EngagementProfile {
  if (at <= profile.asOf) return profile;
  const factor = decayFactor(at - profile.asOf);
  const channels: EngagementProfile['channels'] = {};
  for (const [channel, counts] of Object.entries(profile.channels)) {
    if (!counts) continue;
    channels[channel as Channel] = {
      received: roundCount(counts.received * factor),
      engaged: roundCount(counts.engaged * factor),
    };
  }
  return { ...profile, asOf: at, channels, hours: profile.hours.map((n) => roundCount(n * factor)) };
}

/**
 * One message received on `channel` at `at`. The caller counts each message once, when it goes out (the
 * denominator of "opens or clicks per message received").
 */
export function recordDelivered(profile: EngagementProfile, channel: Channel, at: number): EngagementProfile {
  const current = profileAsOf(profile, at);
  const weight = decayFactor(current.asOf - at);
  const counts = current.channels[channel] ?? { received: 0, engaged: 0 };
  return {
    ...current,
    channels: {
      ...current.channels,
      [channel]: { ...counts, received: roundCount(counts.received + weight) },
    },
  };
}

/** What an engagement event tells the profile: which message, what was done, and whether a person did it. */
export interface ObservedEngagement {
  messageId: string;
  action: EngagementAction;
  /** An open or click by a privacy proxy or a link scanner: says nothing about the person, ignored. */
  machine: boolean;
}

/**
 * A person opened or clicked a message on `channel` at `at`, in `zone` (the customer's IANA zone). Counted
 * once per message (the first of its opens and clicks) for the channel and for the hour of the week the
 * customer's clock showed. Machine engagement and other actions leave the profile as it is.
 */
export function recordEngagement(
  profile: EngagementProfile,
  channel: Channel,
  engagement: ObservedEngagement,
  at: number,
  zone: string,
): EngagementProfile {
  if (engagement.machine || !isAttention(engagement.action)) return profile;
  if (profile.engagedMessages.includes(engagement.messageId)) return profile;
  const current = profileAsOf(profile, at);
  const weight = decayFactor(current.asOf - at);
  const counts = current.channels[channel] ?? { received: 0, engaged: 0 };
  const hour = hourOfWeekAt(at, zoneOrUtc(zone));
  const hours = [...current.hours];
  hours[hour] = roundCount(hours[hour] + weight);
  const engaged = [...current.engagedMessages, engagement.messageId];
  return {
    asOf: current.asOf,
    channels: { ...current.channels, [channel]: { ...counts, engaged: roundCount(counts.engaged + weight) } },
    hours,
    engagedMessages: engaged.slice(Math.max(0, engaged.length - ENGAGED_MESSAGES_KEPT)),
  };
}

function isAttention(action: EngagementAction): action is AttentionAction {
  return action === 'opened' || action === 'clicked';
}

/** The weight of the customer's hour-of-week data: their decayed human engagements. */
export function engagementsCounted(profile: EngagementProfile): number {
  return profile.hours.reduce((sum, n) => sum + n, 0);
}
