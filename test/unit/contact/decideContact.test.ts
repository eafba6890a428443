import { describe, expect, it } from 'vitest';
import { decideContact, MARKETING_CATEGORIES } from '../../../domain/contact';
import type { ContactDecision } from '../../../domain/contact';
import { defaultPolicy } from '../../../domain/policy';
import { at, context, DAY, HOUR, request, scheduled, sent } from './fixtures';

const noon = at('2024-06-03T12:00');
const policy = defaultPolicy;

function scheduledFor(decision: ContactDecision): number | undefined {
  return decision.decision === 'scheduled' ? decision.scheduledFor : undefined;
}

describe('a request with nothing in its way', () => {
  it('is sent now, with the facts that mattered', () => {
    const result = decideContact(context(), request(), policy, noon);
    expect(result).toMatchObject({ decision: 'sent', reason: 'ok', policyVersion: 1, displaces: [] });
    expect(result.inputs).toMatchObject({
      openCases: 0,
      consent: 'opted_in',
      timeZone: 'UTC',
      inQuietHours: false,
    });
    expect(result.inputs.caps.map((c) => c.name)).toEqual([
      'marketing-24h',
      'marketing-7d',
      'email-promotion-24h',
    ]);
    expect(result.inputs.expiresAt).toBe(noon + DAY);
  });

  it('is JSON-safe: a round trip changes nothing', () => {
    const result = decideContact(context(), request(), policy, noon);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('transactional messages', () => {
  const blocked = context({
    openCases: 2,
    lastDisruptionAt: noon - HOUR,
    lastNegativeSentimentAt: noon - HOUR,
    consent: { email: 'opted_out' },
    sent: [1, 2, 3, 4, 5, 6, 7].map((n) => sent({ sentAt: noon - n * HOUR, category: 'promotion' })),
  });

  it('go out through caps, exclusions, quiet hours and opt-outs', () => {
    const midnight = at('2024-06-03T23:30');
    const result = decideContact(blocked, request({ category: 'transactional' }), policy, midnight);
    expect(result).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(result.inputs.caps).toEqual([]);
  });

  it('still wait for notBefore and never go out expired', () => {
    const later = decideContact(
      blocked,
      request({ category: 'transactional', notBefore: noon + HOUR }),
      policy,
      noon,
    );
    expect(later).toMatchObject({ decision: 'scheduled', reason: 'not_before', scheduledFor: noon + HOUR });
    const stale = decideContact(
      blocked,
      request({ category: 'transactional', expiresAt: noon }),
      policy,
      noon,
    );
    expect(stale).toMatchObject({ decision: 'suppressed', reason: 'expired' });
  });
});

describe('service messages', () => {
  it('are not held back by quiet hours, exclusions or marketing caps', () => {
    const ctx = context({
      openCases: 1,
      lastDisruptionAt: noon,
      sent: [sent({ sentAt: noon - HOUR, channel: 'sms', category: 'promotion' })],
    });
    const night = at('2024-06-03T23:00');
    const result = decideContact(ctx, request({ channel: 'sms', category: 'service' }), policy, night);
    expect(result).toMatchObject({ decision: 'sent', reason: 'ok' });
    expect(result.inputs.caps.map((c) => c.name)).toEqual(['service-safety-24h']);
  });

  it('are suppressed, not deferred, when the safety cap is full', () => {
    const sends = [1, 2, 3, 4, 5, 6].map((n) => sent({ sentAt: noon - n * HOUR, category: 'service' }));
    const result = decideContact(context({ sent: sends }), request({ category: 'service' }), policy, noon);
    expect(result).toMatchObject({ decision: 'suppressed', reason: 'frequency_cap:service-safety-24h' });
  });

  it('respect an opt-out', () => {
    const ctx = context({ consent: { sms: 'opted_out' } });
    const result = decideContact(ctx, request({ channel: 'sms', category: 'service' }), policy, noon);
    expect(result).toMatchObject({ decision: 'suppressed', reason: 'opted_out' });
  });
});

describe('consent', () => {
  it('an opted-out channel is never used for marketing; other channels still are', () => {
    const ctx = context({ consent: { email: 'opted_out', push: 'opted_in' } });
    expect(decideContact(ctx, request(), policy, noon)).toMatchObject({
      decision: 'suppressed',
      reason: 'opted_out',
    });
    expect(decideContact(ctx, request({ channel: 'push' }), policy, noon)).toMatchObject({
      decision: 'sent',
    });
  });
});

describe('exclusions', () => {
  it('an open case suppresses promotions outright', () => {
    const result = decideContact(context({ openCases: 1 }), request(), policy, noon);
    expect(result).toMatchObject({ decision: 'suppressed', reason: 'open_case' });
    expect(result.inputs.activeExclusions).toEqual(['open_case']);
  });

  it('a disruption suppresses for 72 hours, then no longer', () => {
    const ctx = context({ lastDisruptionAt: noon });
    const req = request({ category: 'reminder' });
    expect(decideContact(ctx, req, policy, noon + 72 * HOUR - 1)).toMatchObject({ reason: 'disruption' });
    expect(decideContact(ctx, req, policy, noon + 72 * HOUR)).toMatchObject({ decision: 'sent' });
  });

  it('negative sentiment suppresses for 7 days', () => {
    const ctx = context({ lastNegativeSentimentAt: noon - 6 * DAY });
    for (const category of ['promotion', 'newsletter', 'reminder', 'advocacy'] as const) {
      expect(decideContact(ctx, request({ category }), policy, noon)).toMatchObject({
        decision: 'suppressed',
        reason: 'negative_sentiment',
      });
    }
  });

  it('does not exclude surveys by default (a CSAT after a case must still reach the customer)', () => {
    const ctx = context({ openCases: 1, lastDisruptionAt: noon, lastNegativeSentimentAt: noon });
    expect(decideContact(ctx, request({ category: 'survey' }), policy, noon)).toMatchObject({
      decision: 'sent',
    });
  });

  it('are reported in the order disruption, open case, negative sentiment', () => {
    const ctx = context({ openCases: 1, lastDisruptionAt: noon, lastNegativeSentimentAt: noon });
    expect(decideContact(ctx, request(), policy, noon).reason).toBe('disruption');
    expect(decideContact({ ...ctx, lastDisruptionAt: undefined }, request(), policy, noon).reason).toBe(
      'open_case',
    );
  });

  it('can be switched off: openCase false', () => {
    const relaxed = { ...policy, exclusions: { ...policy.exclusions, openCase: false } };
    expect(decideContact(context({ openCases: 3 }), request(), relaxed, noon)).toMatchObject({
      decision: 'sent',
    });
  });
});

describe('frequency caps', () => {
  it('marketing-24h defers the third marketing message until the oldest leaves the window', () => {
    const sends = [sent({ sentAt: noon - 20 * HOUR }), sent({ sentAt: noon - 2 * HOUR, channel: 'push' })];
    const result = decideContact(context({ sent: sends }), request({ category: 'newsletter' }), policy, noon);
    expect(result).toMatchObject({ decision: 'scheduled', reason: 'frequency_cap:marketing-24h' });
    expect(scheduledFor(result)).toBe(noon + 4 * HOUR);
    expect(result.inputs.caps[0]).toMatchObject({ name: 'marketing-24h', sentInWindow: 2, reservedAhead: 0 });
  });

  it('a slot frees exactly one window after the send (rolling, not calendar)', () => {
    const sends = [sent({ sentAt: noon - 24 * HOUR }), sent({ sentAt: noon - 23 * HOUR })];
    const result = decideContact(context({ sent: sends }), request({ category: 'newsletter' }), policy, noon);
    expect(result).toMatchObject({ decision: 'sent' });
  });

  it('email-promotion-24h: one email promotion a day, other channels still free', () => {
    const ctx = context({ sent: [sent({ sentAt: noon - HOUR, category: 'promotion' })] });
    const email = decideContact(ctx, request(), policy, noon);
    expect(email).toMatchObject({ decision: 'scheduled', reason: 'frequency_cap:email-promotion-24h' });
    expect(scheduledFor(email)).toBe(noon + 23 * HOUR);
    expect(decideContact(ctx, request({ channel: 'push' }), policy, noon)).toMatchObject({
      decision: 'sent',
    });
  });

  it('sms-24h covers every sms except transactional and service', () => {
    const ctx = context({ sent: [sent({ sentAt: noon - HOUR, channel: 'sms', category: 'survey' })] });
    expect(decideContact(ctx, request({ channel: 'sms', category: 'reminder' }), policy, noon).reason).toBe(
      'frequency_cap:sms-24h',
    );
  });

  it('marketing-7d holds back the sixth marketing message of the week', () => {
    const sends = [1, 2, 3, 4, 5].map((d) => sent({ sentAt: noon - d * DAY - HOUR, channel: 'push' }));
    const result = decideContact(
      context({ sent: sends }),
      request({ category: 'survey', channel: 'push' }),
      policy,
      noon,
    );
    // The oldest send leaves the 7-day window in 2 days: too late for the default 24h expiry.
    expect(result).toMatchObject({ decision: 'suppressed', reason: 'frequency_cap:marketing-7d' });
    const patient = request({ category: 'survey', channel: 'push', expiresAt: noon + 3 * DAY });
    expect(scheduledFor(decideContact(context({ sent: sends }), patient, policy, noon))).toBe(
      noon + 2 * DAY - HOUR,
    );
  });

  it('is suppressed with the cap as reason when no slot frees before expiry', () => {
    const sends = [sent({ sentAt: noon - HOUR }), sent({ sentAt: noon - 2 * HOUR, channel: 'push' })];
    const req = request({ category: 'newsletter', expiresAt: noon + 6 * HOUR });
    expect(decideContact(context({ sent: sends }), req, policy, noon)).toMatchObject({
      decision: 'suppressed',
      reason: 'frequency_cap:marketing-24h',
    });
  });

  it('transactional and service sends do not use up marketing slots', () => {
    const sends = [
      sent({ sentAt: noon - HOUR, category: 'transactional' }),
      sent({ sentAt: noon - HOUR, category: 'service' }),
      sent({ sentAt: noon - HOUR, category: 'transactional', channel: 'sms' }),
    ];
    expect(decideContact(context({ sent: sends }), request({ channel: 'sms' }), policy, noon)).toMatchObject({
      decision: 'sent',
    });
  });
});

describe('quiet hours', () => {
  const NY = 'America/New_York';

  it('defer marketing to 08:00 in the customer zone', () => {
    const now = at('2024-06-03T22:15', NY);
    const result = decideContact(context({ timeZone: NY }), request(), policy, now);
    expect(result).toMatchObject({
      decision: 'scheduled',
      reason: 'quiet_hours',
      scheduledFor: at('2024-06-04T08:00', NY),
    });
    expect(result.inputs.inQuietHours).toBe(true);
  });

  it('use the policy default zone when the customer has none, or an invalid one', () => {
    const now = at('2024-06-03T22:15', 'UTC');
    for (const ctx of [context(), context({ timeZone: 'Not/AZone' })]) {
      const result = decideContact(ctx, request(), policy, now);
      expect(result).toMatchObject({ reason: 'quiet_hours', scheduledFor: at('2024-06-04T08:00', 'UTC') });
      expect(result.inputs.timeZone).toBe('UTC');
    }
  });

  it('suppress as expired a message that would expire before they end', () => {
    const now = at('2024-06-03T22:15', NY);
    const req = request({ expiresAt: at('2024-06-04T07:00', NY) });
    expect(decideContact(context({ timeZone: NY }), req, policy, now)).toMatchObject({
      decision: 'suppressed',
      reason: 'expired',
    });
  });

  it('a cap that frees during quiet hours still waits for their end', () => {
    const now = at('2024-06-03T20:00', NY);
    const sends = [sent({ sentAt: now - 23 * HOUR }), sent({ sentAt: now - 22 * HOUR })];
    const result = decideContact(context({ timeZone: NY, sent: sends }), request(), policy, now);
    expect(result).toMatchObject({
      reason: 'frequency_cap:marketing-24h',
      scheduledFor: at('2024-06-04T08:00', NY),
    });
  });

  it('a slot that frees after quiet hours is the time, not their end', () => {
    const now = at('2024-06-03T22:00', NY);
    const sends = [sent({ sentAt: now - 12 * HOUR }), sent({ sentAt: now - 11 * HOUR })];
    const result = decideContact(context({ timeZone: NY, sent: sends }), request(), policy, now);
    expect(result).toMatchObject({ reason: 'quiet_hours', scheduledFor: now + 12 * HOUR });
  });

  it('apply to every marketing category', () => {
    const now = at('2024-06-03T23:00');
    for (const category of MARKETING_CATEGORIES) {
      expect(decideContact(context(), request({ category }), policy, now).reason).toBe('quiet_hours');
    }
  });
});

describe('timing of the request itself', () => {
  it('notBefore defers, and the default expiry counts from notBefore', () => {
    const req = request({ notBefore: noon + 3 * DAY });
    const result = decideContact(context(), req, policy, noon);
    expect(result).toMatchObject({
      decision: 'scheduled',
      reason: 'not_before',
      scheduledFor: noon + 3 * DAY,
    });
    expect(result.decision === 'scheduled' && result.expiresAt).toBe(noon + 4 * DAY);
  });

  it('a notBefore in quiet hours goes to their end, and quiet hours are the reason', () => {
    const req = request({ notBefore: at('2024-06-03T23:00') });
    expect(decideContact(context(), req, policy, noon)).toMatchObject({
      reason: 'quiet_hours',
      scheduledFor: at('2024-06-04T08:00'),
    });
  });

  it('an expired request is suppressed even when nothing else blocks it', () => {
    expect(decideContact(context(), request({ expiresAt: noon }), policy, noon)).toMatchObject({
      decision: 'suppressed',
      reason: 'expired',
    });
  });

  it('a notBefore at or after expiresAt can never go out', () => {
    const req = request({ notBefore: noon + HOUR, expiresAt: noon + HOUR });
    expect(decideContact(context(), req, policy, noon).reason).toBe('expired');
  });
});

describe('duplicates', () => {
  it('a request id already sent or scheduled is suppressed as duplicate and names the message', () => {
    const sends = [sent({ sentAt: noon - HOUR, requestId: 'req-1', messageId: 'msg-a' })];
    const result = decideContact(context({ sent: sends }), request(), policy, noon);
    expect(result).toMatchObject({ decision: 'suppressed', reason: 'duplicate' });
    expect(result.inputs.duplicateOf).toBe('msg-a');
    const queued = [scheduled({ scheduledFor: noon + HOUR, requestId: 'req-1', messageId: 'msg-b' })];
    expect(decideContact(context({ scheduled: queued }), request(), policy, noon).inputs.duplicateOf).toBe(
      'msg-b',
    );
  });

  it('the same inputs always give the same answer', () => {
    const ctx = context({ sent: [sent({ sentAt: noon - HOUR })], timeZone: 'Europe/Paris' });
    expect(decideContact(ctx, request(), policy, noon)).toEqual(decideContact(ctx, request(), policy, noon));
  });
});

describe('priority', () => {
  // One marketing slot left today: a low-priority newsletter already holds it for 14:00.
  const sends = [sent({ sentAt: noon - 20 * HOUR, channel: 'push' })];
  const holder = scheduled({
    scheduledFor: noon + 2 * HOUR,
    priority: 20,
    messageId: 'low',
    channel: 'push',
    requestedAt: noon - HOUR,
  });

  it('a higher-priority request takes the slot of a lower-priority scheduled message', () => {
    const result = decideContact(
      context({ sent: sends, scheduled: [holder] }),
      request({ priority: 80 }),
      policy,
      noon,
    );
    expect(result).toMatchObject({ decision: 'sent', reason: 'ok', displaces: ['low'] });
  });

  it('an equal- or lower-priority request does not: it waits for a later slot', () => {
    for (const priority of [20, 10]) {
      const result = decideContact(
        context({ sent: sends, scheduled: [holder] }),
        request({ priority }),
        policy,
        noon,
      );
      expect(result).toMatchObject({ decision: 'scheduled', reason: 'lower_priority', displaces: [] });
      expect(scheduledFor(result)).toBe(noon + 4 * HOUR); // when the first send leaves the window
    }
  });

  it('a higher-priority scheduled message later in the window keeps its slot', () => {
    // Sending now would be fine for the window ending now, but the window ending at vip's time would then
    // hold this message, vip and the send of 02:00: one too many.
    const recent = [sent({ sentAt: noon - 10 * HOUR, channel: 'push' })];
    const vip = scheduled({ scheduledFor: noon + 6 * HOUR, priority: 90, messageId: 'vip', channel: 'push' });
    const result = decideContact(
      context({ sent: recent, scheduled: [vip] }),
      request({ priority: 50 }),
      policy,
      noon,
    );
    expect(result).toMatchObject({ decision: 'scheduled', reason: 'lower_priority', displaces: [] });
    expect(scheduledFor(result)).toBe(at('2024-06-04T08:00')); // 02:00 frees the slot, quiet hours until 08:00
  });

  it('does not displace messages outside the window it takes', () => {
    const far = scheduled({ scheduledFor: noon + 2 * DAY, priority: 10, messageId: 'far' });
    const result = decideContact(context({ scheduled: [far] }), request({ priority: 90 }), policy, noon);
    expect(result).toMatchObject({ decision: 'sent', displaces: [] });
  });
});
