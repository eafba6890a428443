import { describe, expect, it } from 'vitest';
import type { Channel, ContactRequest } from '../../../domain/contact';
import { contactRequestProblems, emptyContactLedger, requestContact } from '../../../domain/contact';
import { autoCandidates } from '../../../domain/contact/autoCandidates';
import { decidePersonalized } from '../../../domain/contact/decidePersonalized';
import { initialCustomerState } from '../../../domain/customer/customerState';
import type { EngagementProfile } from '../../../domain/personalization';
import {
  emptyEngagementProfile,
  explores,
  recordDelivered,
  recordEngagement,
  uniformWorkspaceProfile,
} from '../../../domain/personalization';
import { at, context, DAY, HOUR, MINUTE, policyWith, sent } from './fixtures';
import { defaultPolicy } from '../../../domain/policy';

const noon = at('2024-06-10T12:00'); // a Monday, outside the default quiet hours (21:00–08:00 UTC)
const everyAddress = { email: true, sms: true, push: true } as const;

/** `count` messages on `channel`, one a day over the last days, each opened by a person at `hour`:00 + 5 min. */
function engagedOn(
  profile: EngagementProfile,
  channel: Channel,
  count: number,
  opened: number,
  hour = 10,
): EngagementProfile {
  let next = profile;
  for (let day = 1; day <= count; day++) {
    const sentAt = noon - day * DAY + (hour - 12) * HOUR - 5 * MINUTE;
    next = recordDelivered(next, channel, sentAt);
    if (day <= opened) {
      next = recordEngagement(
        next,
        channel,
        { messageId: `${channel}-${day}`, action: 'opened', machine: false },
        sentAt + 10 * MINUTE,
        'UTC',
      );
    }
  }
  return next;
}

const learnedFrom = (profile: EngagementProfile) => ({ profile, workspace: uniformWorkspaceProfile() });
const fresh = learnedFrom(emptyEngagementProfile());

const auto = (overrides: Partial<ContactRequest> = {}): ContactRequest => ({
  id: 'req-auto',
  channel: 'auto',
  category: 'promotion',
  priority: 50,
  ...overrides,
});

/** A message id that does not explore at the default 10 %: the tests of "optimal" want the chosen hour. */
const notExploring = ['m-1', 'm-2', 'm-3', 'm-4'].find((id) => !explores(id, 0.1))!;

describe('"channel": "auto" decided', () => {
  it('goes on the channel the customer engages with, and records the scores and why', () => {
    const profile = engagedOn(engagedOn(emptyEngagementProfile(), 'email', 4, 0), 'push', 4, 4);
    const routed = decidePersonalized(
      context({ addressed: everyAddress }),
      auto(),
      defaultPolicy,
      learnedFrom(profile),
      'm-1',
      noon,
    );
    expect(routed.request.channel).toBe('push');
    expect(routed.decision).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(routed.decision.inputs.channelChoice).toMatchObject({
      channel: 'push',
      reason: 'engagement',
      scores: { email: 0, push: 1 },
      channelsSeen: 2,
      candidates: ['email', 'sms', 'push'],
    });
    expect(routed.decision.inputs.channelChoice?.messagesSeen).toBeGreaterThan(7);
  });

  it('takes the policy fallback order for a customer it knows nothing about', () => {
    const routed = decidePersonalized(
      context({ addressed: { sms: true, push: true } }),
      auto(),
      defaultPolicy,
      fresh,
      'm-1',
      noon,
    );
    expect(routed.request.channel).toBe('push'); // email, push, sms: no email address
    expect(routed.decision.inputs.channelChoice).toMatchObject({ reason: 'fallback_order' });
  });

  it('chooses only among the request candidates', () => {
    const profile = engagedOn(engagedOn(emptyEngagementProfile(), 'email', 4, 0), 'push', 4, 4);
    const routed = decidePersonalized(
      context({ addressed: everyAddress }),
      auto({ candidates: ['email', 'sms'] }),
      defaultPolicy,
      learnedFrom(profile),
      'm-1',
      noon,
    );
    expect(routed.request.channel).toBe('email');
    expect(routed.decision.inputs.channelChoice?.candidates).toEqual(['email', 'sms']);
  });

  it('moves to the next channel when a cap holds the chosen one, instead of deferring', () => {
    const profile = engagedOn(engagedOn(emptyEngagementProfile(), 'email', 4, 1), 'sms', 4, 4);
    const ctx = context({
      addressed: everyAddress,
      sent: [sent({ sentAt: noon - HOUR, channel: 'sms', category: 'newsletter' })],
    });
    const routed = decidePersonalized(ctx, auto(), defaultPolicy, learnedFrom(profile), 'm-1', noon);
    expect(routed.request.channel).toBe('email');
    expect(routed.decision).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(routed.decision.inputs.channelChoice).toMatchObject({
      channel: 'email',
      movedFrom: 'sms',
      movedBecause: 'frequency_cap:sms-24h',
    });
  });

  it('moves out of quiet hours that hold only some channels', () => {
    const night = at('2024-06-10T22:00');
    const policy = policyWith({ quietHours: { ...defaultPolicy.quietHours, channels: ['sms', 'push'] } });
    const profile = engagedOn(engagedOn(emptyEngagementProfile(), 'email', 4, 1), 'push', 4, 4);
    const routed = decidePersonalized(
      context({ addressed: everyAddress }),
      auto(),
      policy,
      learnedFrom(profile),
      'm-1',
      night,
    );
    expect(routed.request.channel).toBe('email');
    expect(routed.decision).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(routed.decision.inputs.channelChoice).toMatchObject({
      movedFrom: 'push',
      movedBecause: 'quiet_hours',
    });
  });

  it('waits on the chosen channel when every channel is held back', () => {
    const night = at('2024-06-10T22:00');
    const profile = engagedOn(engagedOn(emptyEngagementProfile(), 'email', 4, 1), 'push', 4, 4);
    const routed = decidePersonalized(
      context({ addressed: everyAddress }),
      auto(),
      defaultPolicy,
      learnedFrom(profile),
      'm-1',
      night,
    );
    expect(routed.request.channel).toBe('push');
    expect(routed.decision).toMatchObject({
      decision: 'scheduled',
      reason: 'quiet_hours',
      scheduledFor: at('2024-06-11T08:00'),
    });
    expect(routed.decision.inputs.channelChoice?.movedFrom).toBeUndefined();
  });

  it('is suppressed unreachable without any usable address, opted_out when only consent stands in the way', () => {
    const nowhere = decidePersonalized(context(), auto(), defaultPolicy, fresh, 'm-1', noon);
    expect(nowhere.decision).toMatchObject({ decision: 'suppressed', reason: 'unreachable' });
    expect(nowhere.request.channel).toBe('email'); // recorded on a real channel: the first of the fallback order
    expect(nowhere.decision.inputs.channelChoice).toMatchObject({ reason: 'no_candidate', candidates: [] });

    const refused = decidePersonalized(
      context({ addressed: { email: true }, consent: { email: 'opted_out' } }),
      auto(),
      defaultPolicy,
      fresh,
      'm-1',
      noon,
    );
    expect(refused.decision).toMatchObject({ decision: 'suppressed', reason: 'opted_out' });
  });
});

describe('autoCandidates', () => {
  it('keeps addressed, reachable, consented channels; transactional ignores opt-outs, never bounces', () => {
    const ctx = context({
      addressed: everyAddress,
      unreachable: { push: true },
      categoryConsent: { sms: { promotion: 'opted_out' } },
    });
    expect(autoCandidates(ctx, 'promotion')).toEqual({ channels: ['email'] });
    expect(autoCandidates(ctx, 'newsletter')).toEqual({ channels: ['email', 'sms'] });
    expect(autoCandidates(ctx, 'transactional')).toEqual({ channels: ['email', 'sms'] });
    expect(autoCandidates(ctx, 'promotion', ['sms'])).toEqual({ channels: [], none: 'opted_out' });
    expect(autoCandidates(ctx, 'promotion', ['push', 'webhook'])).toEqual({
      channels: [],
      none: 'unreachable',
    });
  });
});

describe('"sendAt": "optimal" decided', () => {
  it("schedules a marketing message for the customer's best hour within 24 h, and says why", () => {
    const evenings = engagedOn(emptyEngagementProfile(), 'email', 6, 6, 19);
    const routed = decidePersonalized(
      context(),
      { id: 'r', channel: 'email', category: 'newsletter', priority: 50, sendAt: 'optimal' },
      defaultPolicy,
      learnedFrom(evenings),
      notExploring,
      noon,
    );
    expect(routed.decision).toMatchObject({
      decision: 'scheduled',
      reason: 'optimal_time',
      scheduledFor: at('2024-06-10T19:00'),
      // Waiting does not extend its life: 24 h from when it could first have gone.
      expiresAt: noon + DAY,
    });
    expect(routed.decision.inputs.sendTime).toMatchObject({
      at: at('2024-06-10T19:00'),
      reason: 'optimal',
      hour: 19, // Monday 19:00
    });
    expect(routed.decision.inputs.sendTime?.customerWeight).toBeGreaterThan(0.5);
    expect(routed.request).toMatchObject({ notBefore: at('2024-06-10T19:00'), expiresAt: noon + DAY });
  });

  it('never waits past quiet hours for a late-evening habit: the best allowed hour', () => {
    const lateNights = engagedOn(emptyEngagementProfile(), 'email', 6, 6, 22);
    const routed = decidePersonalized(
      context(),
      { id: 'r', channel: 'email', category: 'newsletter', priority: 50, sendAt: 'optimal' },
      defaultPolicy,
      learnedFrom(lateNights),
      notExploring,
      noon,
    );
    const { scheduledFor } = routed.decision as { scheduledFor?: number };
    const time = scheduledFor ?? noon;
    expect(time).toBeGreaterThanOrEqual(noon);
    expect(time).toBeLessThan(noon + DAY);
    const hour = new Date(time).getUTCHours();
    expect(hour >= 8 && hour < 21).toBe(true);
  });

  it('goes as usual for a customer without history under a uniform workspace, naming no_history', () => {
    const routed = decidePersonalized(
      context(),
      { id: 'r', channel: 'email', category: 'newsletter', priority: 50, sendAt: 'optimal' },
      defaultPolicy,
      fresh,
      notExploring,
      noon,
    );
    expect(routed.decision).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(routed.decision.inputs.sendTime).toMatchObject({ reason: 'no_history', at: noon });
  });

  it('sends an exploring message at the requested time, as usual', () => {
    const evenings = engagedOn(emptyEngagementProfile(), 'email', 6, 6, 19);
    const routed = decidePersonalized(
      context(),
      { id: 'r', channel: 'email', category: 'newsletter', priority: 50, sendAt: 'optimal' },
      policyWith({ sendTime: { explorePercent: 100, priorStrength: 5 } }),
      learnedFrom(evenings),
      'm-1',
      noon,
    );
    expect(routed.decision).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(routed.decision.inputs.sendTime).toMatchObject({ reason: 'explore' });
  });

  it('chooses the channel first, then the hour on it', () => {
    const profile = engagedOn(engagedOn(emptyEngagementProfile(), 'email', 4, 0), 'push', 4, 4, 19);
    const routed = decidePersonalized(
      context({ addressed: everyAddress }),
      auto({ sendAt: 'optimal' }),
      defaultPolicy,
      learnedFrom(profile),
      notExploring,
      noon,
    );
    expect(routed.request.channel).toBe('push');
    expect(routed.decision).toMatchObject({ decision: 'scheduled', scheduledFor: at('2024-06-10T19:00') });
    expect(routed.decision.inputs.channelChoice?.reason).toBe('engagement');
    expect(routed.decision.inputs.sendTime?.reason).toBe('optimal');
  });
});

describe('the ledger and the answer of a personalized request', () => {
  it('answer and record name the chosen channel and time; sent and scheduled entries carry a real channel', () => {
    const state = {
      ...initialCustomerState('ws', 'c-1'),
      traits: { email: 'a@example.com', pushToken: 'tok' },
    };
    const profile = engagedOn(engagedOn(emptyEngagementProfile(), 'email', 4, 0), 'push', 4, 4, 19);
    let ids = 0;
    const step = requestContact(
      state,
      emptyContactLedger,
      auto({ sendAt: 'optimal' }),
      defaultPolicy,
      noon,
      () => [notExploring, 'x', 'y'][ids++],
      learnedFrom(profile),
    );
    expect(step.answer).toMatchObject({
      decision: 'scheduled',
      reason: 'optimal_time',
      channel: 'push',
      scheduledFor: new Date(at('2024-06-10T19:00')).toISOString(),
    });
    expect(step.records[0]).toMatchObject({ channel: 'push', reason: 'optimal_time' });
    expect(step.ledger.scheduled[0]?.channel).toBe('push');
    expect(step.ledger.scheduledRequests[notExploring]?.channel).toBe('push');
  });
});

describe('the request rules for "auto" and "optimal"', () => {
  const base = { id: 'r', category: 'promotion', priority: 50 };
  it('refuses candidates with a fixed channel, and "optimal" outside marketing, naming the field', () => {
    expect(contactRequestProblems({ ...base, channel: 'email', candidates: ['sms'] })).toEqual([
      'candidates are for "channel": "auto" only',
    ]);
    expect(
      contactRequestProblems({ ...base, channel: 'auto', category: 'transactional', sendAt: 'optimal' }),
    ).toEqual([
      'sendAt "optimal" is for marketing categories (promotion, newsletter, reminder, survey, advocacy)',
    ]);
    expect(contactRequestProblems({ ...base, channel: 'auto', candidates: ['sms', 'sms'] })).toEqual([
      'candidates must not repeat a channel',
    ]);
    expect(contactRequestProblems({ ...base, channel: 'auto', sendAt: 'soon' })).toEqual([
      'sendAt must be "optimal" (or left out: the message goes as soon as it may)',
    ]);
    expect(contactRequestProblems({ ...base, channel: 'auto', candidates: ['fax'] })).toEqual([
      'each candidate must be one of email, sms, push, webhook',
    ]);
    expect(
      contactRequestProblems({ ...base, channel: 'auto', sendAt: 'optimal', candidates: ['sms', 'push'] }),
    ).toEqual([]);
  });
});
