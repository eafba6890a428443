import { describe, expect, it } from 'vitest';
import type { EngagementProfile } from '../../../domain/personalization';
import {
  emptyEngagementProfile,
  ENGAGEMENT_HALF_LIFE_MS,
  engagementsCounted,
  hourOfWeekAt,
  profileAsOf,
  recordDelivered,
  recordEngagement,
} from '../../../domain/personalization';
import { IANAZone } from 'luxon';
import { at, DAY, HOUR } from '../contact/fixtures';

const PARIS = 'Europe/Paris';
const opened = (messageId: string) => ({ messageId, action: 'opened' as const, machine: false });

describe('the hour of the week', () => {
  it('is read on the customer clock, Monday 00:00 first', () => {
    const paris = IANAZone.create(PARIS);
    // 2024-06-03 was a Monday.
    expect(hourOfWeekAt(at('2024-06-03T00:30', PARIS), paris)).toBe(0);
    expect(hourOfWeekAt(at('2024-06-05T19:10', PARIS), paris)).toBe(2 * 24 + 19);
    expect(hourOfWeekAt(at('2024-06-09T23:59', PARIS), paris)).toBe(167);
    // The same instant is Sunday evening in New York.
    expect(hourOfWeekAt(at('2024-06-03T01:00', PARIS), IANAZone.create('America/New_York'))).toBe(
      6 * 24 + 19,
    );
  });
});

describe('the engagement profile', () => {
  const start = at('2024-06-03T09:00', PARIS);

  it('counts messages received per channel and human opens per hour of the week', () => {
    // Received at 09:00, opened at 19:05: by then the delivery has decayed by ten hours' worth.
    let profile = recordDelivered(emptyEngagementProfile(), 'email', start);
    profile = recordEngagement(profile, 'email', opened('m1'), at('2024-06-03T19:05', PARIS), PARIS);
    expect(profile.channels.email).toEqual({ received: expect.closeTo(0.99, 2), engaged: 1 });
    expect(profile.hours[19]).toBe(1);
    expect(engagementsCounted(profile)).toBe(1);
  });

  it('counts a message once however often it is opened and clicked', () => {
    let profile = recordDelivered(emptyEngagementProfile(), 'email', start);
    profile = recordEngagement(profile, 'email', opened('m1'), start + HOUR, PARIS);
    profile = recordEngagement(
      profile,
      'email',
      { messageId: 'm1', action: 'clicked', machine: false },
      start + 2 * HOUR,
      PARIS,
    );
    profile = recordEngagement(profile, 'email', opened('m1'), start + 3 * HOUR, PARIS);
    expect(engagementsCounted(profile)).toBeCloseTo(1, 3);
    expect(profile.channels.email?.engaged).toBeCloseTo(1, 3);
  });

  it('ignores machine opens and clicks, and actions that are not attention', () => {
    const before = recordDelivered(emptyEngagementProfile(), 'email', start);
    const machine = recordEngagement(
      before,
      'email',
      { messageId: 'm1', action: 'opened', machine: true },
      start,
      PARIS,
    );
    const bounce = recordEngagement(
      before,
      'email',
      { messageId: 'm1', action: 'bounced', machine: false },
      start,
      PARIS,
    );
    expect(machine).toBe(before);
    expect(bounce).toBe(before);
  });

  it('halves every count over one half-life (30 days), so recent data weighs more', () => {
    expect(ENGAGEMENT_HALF_LIFE_MS).toBe(30 * DAY);
    let profile = recordDelivered(emptyEngagementProfile(), 'sms', start);
    profile = recordEngagement(profile, 'sms', opened('m1'), start, PARIS);
    const later = profileAsOf(profile, start + 30 * DAY);
    expect(later.channels.sms).toEqual({ received: 0.5, engaged: 0.5 });
    expect(engagementsCounted(later)).toBeCloseTo(0.5, 6);
    // A new open today outweighs the old one.
    const next = recordEngagement(later, 'sms', opened('m2'), start + 30 * DAY, PARIS);
    expect(engagementsCounted(next)).toBeCloseTo(1.5, 6);
  });

  it('adds an event that arrives late at its own, decayed, weight, never moving back in time', () => {
    const profile = recordDelivered(emptyEngagementProfile(), 'email', start + 30 * DAY);
    const late = recordDelivered(profile, 'email', start);
    expect(late.asOf).toBe(start + 30 * DAY);
    expect(late.channels.email?.received).toBeCloseTo(1.5, 6);
  });

  it('stays JSON-safe and bounded however many messages it sees', () => {
    let profile: EngagementProfile = emptyEngagementProfile();
    for (let i = 0; i < 500; i++) {
      const when = start + i * 7 * HOUR;
      profile = recordDelivered(profile, i % 2 === 0 ? 'email' : 'push', when);
      profile = recordEngagement(
        profile,
        i % 2 === 0 ? 'email' : 'push',
        opened(`message-${i}`),
        when + HOUR,
        PARIS,
      );
    }
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
    expect(profile.hours).toHaveLength(168);
    expect(profile.engagedMessages.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(profile).length).toBeLessThan(4000);
  });
});
