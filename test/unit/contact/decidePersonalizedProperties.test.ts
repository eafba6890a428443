import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category, Channel, ContactContext, ContactRequest } from '../../../domain/contact';
import { CATEGORIES, customerTimeZone, isInQuietHours, isMarketing } from '../../../domain/contact';
import { autoCandidates } from '../../../domain/contact/autoCandidates';
import { decidePersonalized } from '../../../domain/contact/decidePersonalized';
import type { EngagementProfile } from '../../../domain/personalization';
import {
  emptyEngagementProfile,
  recordDelivered,
  recordEngagement,
  uniformWorkspaceProfile,
} from '../../../domain/personalization';
import { defaultPolicy } from '../../../domain/policy';
import { at, context, DAY, HOUR, policyWith, sent } from './fixtures';

// Properties of "auto" and "optimal" over generated customers, histories, requests and policies.

const CONTACT_CHANNELS = ['email', 'sms', 'push'] as const;
const start = at('2024-01-01T00:00');
const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo'];

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);
const channelArb = fc.constantFrom<Channel>(...CONTACT_CHANNELS);

const historyArb = fc.array(
  fc.record({ channel: channelArb, hoursAgo: fc.integer({ min: 1, max: 24 * 30 }), opened: fc.boolean() }),
  { maxLength: 12 },
);

function profileOf(
  history: { channel: Channel; hoursAgo: number; opened: boolean }[],
  now: number,
  zone: string,
) {
  let profile: EngagementProfile = emptyEngagementProfile();
  history.forEach(({ channel, hoursAgo, opened }, i) => {
    const when = now - hoursAgo * HOUR;
    profile = recordDelivered(profile, channel, when);
    if (opened) {
      profile = recordEngagement(
        profile,
        channel,
        { messageId: `m${i}`, action: 'opened', machine: false },
        when,
        zone,
      );
    }
  });
  return profile;
}

const scenarioArb = fc.record({
  now: fc.integer({ min: start, max: start + 365 * DAY }),
  zone: fc.constantFrom(...zones),
  // Mostly reachable customers: a choice to make is what is worth testing.
  addressed: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Channel[]>([...CONTACT_CHANNELS]) },
    subset<Channel>(CONTACT_CHANNELS),
  ),
  optedOut: fc.subarray([...CONTACT_CHANNELS], { maxLength: 1 }),
  unreachable: fc.subarray([...CONTACT_CHANNELS], { maxLength: 1 }),
  sends: fc.array(
    fc.record({
      channel: channelArb,
      category: fc.constantFrom<Category>('promotion', 'newsletter', 'service'),
      hoursAgo: fc.integer({ min: 0, max: 30 }),
    }),
    { maxLength: 4 },
  ),
  history: historyArb,
  auto: fc.boolean(),
  fixed: channelArb,
  category: fc.constantFrom<Category>(...CATEGORIES),
  optimal: fc.boolean(),
  candidates: fc.option(fc.uniqueArray(channelArb, { minLength: 1 }), { nil: undefined }),
  // Often quiet hours that hold the phone channels only: then "auto" has somewhere to move.
  quietChannels: fc.oneof(
    { weight: 2, arbitrary: fc.constant<Channel[]>(['sms', 'push']) },
    fc.option(fc.uniqueArray(channelArb, { minLength: 1 }), { nil: undefined }),
  ),
  messageId: fc.string({ minLength: 1, maxLength: 8 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function setUp(s: Scenario) {
  const ctx: ContactContext = context({
    timeZone: s.zone,
    addressed: Object.fromEntries(s.addressed.map((c) => [c, true as const])),
    consent: Object.fromEntries(s.optedOut.map((c) => [c, 'opted_out' as const])),
    unreachable: Object.fromEntries(s.unreachable.map((c) => [c, true as const])),
    sent: s.sends
      .map((x, i) =>
        sent({ sentAt: s.now - x.hoursAgo * HOUR - i, channel: x.channel, category: x.category }),
      )
      .sort((a, b) => a.sentAt - b.sentAt),
  });
  const request: ContactRequest = {
    id: 'r',
    channel: s.auto ? 'auto' : s.fixed,
    category: s.category,
    priority: 50,
    ...(s.optimal && isMarketing(s.category) ? { sendAt: 'optimal' as const } : {}),
    ...(s.auto && s.candidates ? { candidates: s.candidates } : {}),
  };
  const policy = policyWith({
    quietHours: { ...defaultPolicy.quietHours, ...(s.quietChannels ? { channels: s.quietChannels } : {}) },
  });
  const learned = { profile: profileOf(s.history, s.now, s.zone), workspace: uniformWorkspaceProfile() };
  return { ctx, request, policy, learned };
}

describe('"auto" and "optimal" over generated customers', () => {
  it('are deterministic, JSON-safe, and always land on a real channel "auto" may use', () => {
    const seen = { moved: 0, noCandidate: 0, engagement: 0 };
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { ctx, request, policy, learned } = setUp(s);
        const routed = decidePersonalized(ctx, request, policy, learned, s.messageId, s.now);
        expect(decidePersonalized(ctx, request, policy, learned, s.messageId, s.now)).toEqual(routed);
        expect(JSON.parse(JSON.stringify(routed))).toEqual(routed);
        expect(CONTACT_CHANNELS).toContain(routed.request.channel);
        if (!s.auto) {
          expect(routed.request.channel).toBe(s.fixed);
          expect(routed.decision.inputs.channelChoice).toBeUndefined();
          return;
        }
        const choice = routed.decision.inputs.channelChoice!;
        const usable = autoCandidates(ctx, s.category, request.candidates).channels;
        if (choice.movedFrom !== undefined) seen.moved++;
        if (choice.reason === 'engagement') seen.engagement++;
        if (usable.length === 0) {
          seen.noCandidate++;
          expect(choice.reason).toBe('no_candidate');
          expect(routed.decision.decision).toBe('suppressed');
          expect(['unreachable', 'opted_out']).toContain(routed.decision.reason);
        } else {
          expect(usable).toContain(routed.request.channel);
          expect(choice.channel).toBe(routed.request.channel);
        }
        // A message moved only to a channel on which it was not held back.
        if (choice.movedFrom !== undefined) {
          expect(
            routed.decision.decision === 'sent' ||
              routed.decision.reason === 'not_before' ||
              routed.decision.reason === 'optimal_time',
          ).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // Each branch was put to the test.
    expect(seen.moved).toBeGreaterThan(0);
    expect(seen.noCandidate).toBeGreaterThan(0);
    expect(seen.engagement).toBeGreaterThan(0);
  });

  it('"optimal" waits at most 24 hours, never past its expiry, and never into quiet hours it is held by', () => {
    let waited = 0;
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { ctx, request, policy, learned } = setUp({ ...s, optimal: true });
        const routed = decidePersonalized(ctx, request, policy, learned, s.messageId, s.now);
        if (routed.decision.decision !== 'scheduled' || routed.decision.reason !== 'optimal_time') return;
        waited++;
        const { scheduledFor, expiresAt } = routed.decision;
        expect(scheduledFor).toBeGreaterThan(s.now);
        expect(scheduledFor).toBeLessThan(s.now + DAY);
        expect(scheduledFor).toBeLessThan(expiresAt);
        expect(expiresAt).toBe(s.now + DAY);
        const quietHere =
          policy.quietHours.channels === undefined ||
          policy.quietHours.channels.includes(routed.request.channel);
        if (quietHere) {
          expect(isInQuietHours(scheduledFor, customerTimeZone(ctx, policy), policy.quietHours)).toBe(false);
        }
        expect(routed.decision.inputs.sendTime?.at).toBe(scheduledFor);
      }),
      { numRuns: 400 },
    );
    expect(waited).toBeGreaterThan(20);
  });
});
