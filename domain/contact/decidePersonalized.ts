import { alternativesInOrder, chooseChannel } from '../personalization/chooseChannel';
import type { ChannelChoice } from '../personalization/chooseChannel';
import { chooseSendTime } from '../personalization/chooseSendTime';
import {
  DEFAULT_EXPLORE_PERCENT,
  DEFAULT_FALLBACK_ORDER,
  DEFAULT_PRIOR_STRENGTH,
} from '../personalization/defaults';
import type { EngagementProfile } from '../personalization/engagementProfile';
import type { WorkspaceProfile } from '../personalization/workspaceProfile';
import type { PolicyInForce, SendTimePolicy } from '../policy/policyDocument';
import { autoCandidates } from './autoCandidates';
import { decideContact } from './decideContact';
import { nextAllowedTime } from './nextAllowedTime';
import { customerTimeZone } from './quietHours';
import type {
  ChannelChoiceInputs,
  Channel,
  ContactContext,
  ContactDecision,
  ContactRequest,
  ReasonCode,
  RoutedContactRequest,
  SendTimeInputs,
} from './types';
import { AUTO_CHANNEL, DEFAULT_EXPIRY_MS, isMarketing, OPTIMAL_SEND_TIME } from './types';

/** What the customer workflow has learned that "auto" and "optimal" decide on (domain/personalization). */
export interface LearnedEngagement {
  /** The customer's own engagement, kept in their workflow. */
  profile: EngagementProfile;
  /** The workspace's, the prior a customer with little history is shrunk toward. */
  workspace: WorkspaceProfile;
}

/** A request decided: on the channel it was given or "auto" chose, at the time it was given or "optimal" chose. */
export interface RoutedDecision {
  request: RoutedContactRequest;
  decision: ContactDecision;
}

/**
 * A policy a workflow received before `channels` and `sendTime` existed (carried in its state, recorded in its
 * history) has neither: they read as the defaults.
 */
function personalizationOf(policy: PolicyInForce): Partial<Pick<PolicyInForce, 'channels' | 'sendTime'>> {
  return policy;
}

/**
 * A new request decided, "auto" and "optimal" included (docs/PERSONALIZATION.md). `"channel": "auto"` takes the
 * channel chooseChannel ranks first among autoCandidates; when a cap or quiet hours hold it back there, the
 * next channels in the same ranking are tried and the first on which it is not held back is taken; when all
 * are held back, it is decided as on the first. `"sendAt": "optimal"` (marketing only) decides it for the
 * instant chooseSendTime picks. `messageId` seeds which "optimal" messages explore. A request with neither is
 * decideContact's.
 */
export function decidePersonalized(
  ctx: ContactContext,
  request: ContactRequest,
  policy: PolicyInForce,
  learned: LearnedEngagement,
  messageId: string,
  now: number,
): RoutedDecision {
  const { sendAt, candidates: restrictTo, channel: asked, ...rest } = request;
  const optimal = sendAt === OPTIMAL_SEND_TIME && isMarketing(request.category);
  const decideOn = (channel: Channel): RoutedDecision => {
    const routed: RoutedContactRequest = { ...rest, channel };
    return optimal
      ? decideAtOptimalTime(ctx, routed, policy, learned, messageId, now)
      : { request: routed, decision: decideContact(ctx, routed, policy, now) };
  };
  if (asked !== AUTO_CHANNEL) return decideOn(asked);

  const candidates = autoCandidates(ctx, request.category, restrictTo);
  const choice = chooseChannel(learned.profile, candidates.channels, policy, now);
  if (choice === undefined) {
    const fallback =
      restrictTo?.[0] ?? personalizationOf(policy).channels?.fallbackOrder[0] ?? DEFAULT_FALLBACK_ORDER[0];
    const routed = decideOn(fallback);
    const reason = candidates.none ?? 'unreachable';
    const inputs = { ...routed.decision.inputs, channelChoice: noCandidate(fallback) };
    // A repeated id stays a duplicate; anything else cannot go out for want of a channel.
    if (routed.decision.reason === 'duplicate') return withInputs(routed, inputs);
    return {
      request: routed.request,
      decision: { decision: 'suppressed', reason, policyVersion: policy.version, displaces: [], inputs },
    };
  }

  const chosen = decideOn(choice.channel);
  const choiceInputs = channelChoiceInputs(choice, candidates.channels);
  const heldBy = heldBack(chosen.decision);
  if (heldBy !== undefined) {
    for (const channel of alternativesInOrder(
      learned.profile,
      candidates.channels,
      policy,
      now,
      choice.channel,
    )) {
      const moved = decideOn(channel);
      if (heldBack(moved.decision) !== undefined) continue;
      return withInputs(moved, {
        ...moved.decision.inputs,
        channelChoice: { ...choiceInputs, channel, movedFrom: choice.channel, movedBecause: heldBy },
      });
    }
  }
  return withInputs(chosen, { ...chosen.decision.inputs, channelChoice: choiceInputs });
}

/**
 * An "optimal" message: decided for the instant chooseSendTime picks in the window from its earliest time
 * (now, or its notBefore) to its expiry, at most 24 hours. That instant becomes its notBefore, so caps and quiet
 * hours are checked again when it falls due; its expiry is pinned first, so waiting does not extend it. An
 * exploring message, one with no allowed instant, or one whose best instant is the one it would get anyway is
 * decided as usual, and keeps the usual reason.
 */
function decideAtOptimalTime(
  ctx: ContactContext,
  request: RoutedContactRequest,
  policy: PolicyInForce,
  learned: LearnedEngagement,
  messageId: string,
  now: number,
): RoutedDecision {
  const from = Math.max(now, request.notBefore ?? now);
  const pinned: RoutedContactRequest = {
    ...request,
    expiresAt: request.expiresAt ?? from + DEFAULT_EXPIRY_MS,
  };
  const usual = decideContact(ctx, pinned, policy, now);
  const settings: SendTimePolicy = personalizationOf(policy).sendTime ?? {
    explorePercent: DEFAULT_EXPLORE_PERCENT,
    priorStrength: DEFAULT_PRIOR_STRENGTH,
  };
  const choice = chooseSendTime(
    learned.profile,
    learned.workspace,
    { from, until: pinned.expiresAt ?? from },
    customerTimeZone(ctx, policy),
    { firstAllowedIn: (start, until) => nextAllowedTime(ctx, pinned, policy, start, until) },
    { share: settings.explorePercent / 100, seed: messageId },
    now,
    settings.priorStrength,
  );
  const sendTime: SendTimeInputs = { ...choice };
  const asUsual = () => withInputs({ request: pinned, decision: usual }, { ...usual.inputs, sendTime });
  if (
    (usual.decision === 'suppressed' && heldBack(usual) === undefined) ||
    choice.at === undefined ||
    choice.reason === 'explore' ||
    choice.at === timeOf(usual, now)
  ) {
    return asUsual();
  }
  const timed: RoutedContactRequest = { ...pinned, notBefore: choice.at };
  const decision = decideContact(ctx, timed, policy, now);
  // Nothing but the chosen hour holds it back: that is the reason, not a notBefore the sender never gave.
  const named: ContactDecision =
    decision.decision === 'scheduled' && decision.reason === 'not_before'
      ? { ...decision, reason: 'optimal_time' }
      : decision;
  return withInputs({ request: timed, decision: named }, { ...named.inputs, sendTime });
}

/**
 * What held a message back that another channel might not: a cap or quiet hours deferring it, or, unable to
 * wait them out, suppressing it (`expired` is quiet hours outlasting it). Undefined when it goes out now, at
 * its own time, or is refused for a reason every channel shares.
 */
function heldBack(decision: ContactDecision): ReasonCode | undefined {
  const { reason } = decision;
  const blocking =
    reason === 'quiet_hours' || reason === 'lower_priority' || reason.startsWith('frequency_cap:');
  if (decision.decision === 'scheduled') return blocking ? reason : undefined;
  if (decision.decision === 'suppressed' && (blocking || reason === 'expired')) return reason;
  return undefined;
}

function timeOf(decision: ContactDecision, now: number): number | undefined {
  if (decision.decision === 'sent') return now;
  return decision.decision === 'scheduled' ? decision.scheduledFor : undefined;
}

function withInputs(routed: RoutedDecision, inputs: ContactDecision['inputs']): RoutedDecision {
  return { request: routed.request, decision: { ...routed.decision, inputs } };
}

function channelChoiceInputs(choice: ChannelChoice, candidates: Channel[]): ChannelChoiceInputs {
  return { ...choice, candidates };
}

function noCandidate(channel: Channel): ChannelChoiceInputs {
  return { channel, reason: 'no_candidate', scores: {}, messagesSeen: 0, channelsSeen: 0, candidates: [] };
}
