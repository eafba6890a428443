import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseSendTime,
  emptyEngagementProfile,
  uniformWorkspaceProfile,
} from '../../../domain/personalization';
import {
  countWorkspaceDelivery,
  countWorkspaceEngagement,
  MIN_WORKSPACE_ENGAGEMENTS,
  WORKSPACE_LOOK_BACK_DAYS,
  workspaceEngagementKey,
  workspaceLookBack,
  workspaceProfileFromCounters,
} from '../../../domain/personalization/workspaceEngagementCounters';
import type { CounterIncrement, CounterTotals } from '../../../domain/reports/reportCounters';
import { counterFamily, familyOfKey } from '../../../domain/reports/reportCounters';
import { at, DAY, HOUR } from '../contact/fixtures';
import { NO_EXPLORE, wallClock } from './sendTimeFixtures';

const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';
const NOW = Date.parse('2026-12-04T15:00:00Z'); // a Friday
const WEDNESDAY_19 = 2 * 24 + 19;

/** Increments added up as storage adds them (bucket → key → total, summed over shards). */
function totalsOf(increments: readonly CounterIncrement[]): CounterTotals {
  const totals: CounterTotals = {};
  for (const { bucket, key, by } of increments) {
    const keys = (totals[bucket] ??= {});
    keys[key] = (keys[key] ?? 0) + by;
  }
  return totals;
}

/** `count` human opens on email at an instant, in `zone`. */
function opens(count: number, when: number, zone = PARIS): CounterIncrement[] {
  return Array.from({ length: count }, () => countWorkspaceEngagement('email', when, zone)).flat();
}

const total = (hours: readonly number[]) => hours.reduce((sum, n) => sum + n, 0);

describe('the workspace engagement counters', () => {
  it("count an open in the hour of the week on the customer's clock, in the UTC day it happened", () => {
    // Wednesday 19:30 in Paris is 18:30 UTC; the same instant is Wednesday 13:30 in New York.
    const when = at('2026-12-02T19:30', PARIS);
    expect(countWorkspaceEngagement('email', when, PARIS)).toEqual([
      { bucket: '2026-12-02', key: workspaceEngagementKey.hour(WEDNESDAY_19), by: 1 },
      { bucket: '2026-12-02', key: workspaceEngagementKey.engaged('email'), by: 1 },
    ]);
    expect(countWorkspaceEngagement('sms', when, NEW_YORK)[0].key).toBe(
      workspaceEngagementKey.hour(2 * 24 + 13),
    );
    // A zone that is not one reads as UTC, as the customer's own profile does.
    expect(countWorkspaceEngagement('sms', when, 'Not/AZone')[0].key).toBe(
      workspaceEngagementKey.hour(2 * 24 + 18),
    );
  });

  it('count a message received on its channel', () => {
    expect(countWorkspaceDelivery('push', Date.parse('2026-12-03T23:59:00Z'))).toEqual([
      { bucket: '2026-12-03', key: workspaceEngagementKey.received('push'), by: 1 },
    ]);
  });

  it('are stored in their own family, apart from every report', () => {
    const keys = [
      ...countWorkspaceEngagement('webhook', NOW, PARIS),
      ...countWorkspaceDelivery('webhook', NOW),
    ].map((increment) => increment.key);
    expect(keys.map(familyOfKey)).toEqual([
      counterFamily.engagement,
      counterFamily.engagement,
      counterFamily.engagement,
    ]);
  });

  it('count nothing for an instant no day can be made of, rather than fail the workflow', () => {
    expect(countWorkspaceEngagement('email', Number.NaN, PARIS)).toEqual([]);
    expect(countWorkspaceDelivery('email', 9e15)).toEqual([]);
  });
});

describe("the workspace's profile read back from the counters", () => {
  it('gives the hours and channels counted, today at full weight', () => {
    const wednesdayEvening = at('2026-12-02T19:10', PARIS);
    const increments = [
      ...opens(MIN_WORKSPACE_ENGAGEMENTS, at('2026-12-04T09:00', PARIS)),
      ...opens(100, wednesdayEvening, NEW_YORK),
      ...Array.from({ length: 3000 }, () => countWorkspaceDelivery('email', NOW - HOUR)).flat(),
      ...countWorkspaceDelivery('sms', NOW - HOUR),
    ];
    const profile = workspaceProfileFromCounters(totalsOf(increments), NOW);
    const fridayNine = 4 * 24 + 9;
    expect(profile.hours[fridayNine]).toBe(MIN_WORKSPACE_ENGAGEMENTS);
    // Two days old: each open weighs 2^(-2/30).
    expect(profile.hours[2 * 24 + 13]).toBeCloseTo(100 * Math.pow(2, -2 / 30), 5);
    expect(profile.hours.filter((n) => n > 0)).toHaveLength(2);
    expect(profile.channels.email?.received).toBe(3000);
    expect(profile.channels.email?.engaged).toBeCloseTo(MIN_WORKSPACE_ENGAGEMENTS + 95.484, 3);
    expect(profile.channels.sms).toEqual({ received: 1, engaged: 0 });
  });

  it('weighs a day 30 days ago half as much as today, and leaves out days past the look-back', () => {
    const today = NOW - 3 * HOUR; // 12:00 UTC
    const monthAgo = today - 30 * DAY;
    const lastDay = today - (WORKSPACE_LOOK_BACK_DAYS - 1) * DAY;
    const tooOld = today - WORKSPACE_LOOK_BACK_DAYS * DAY;
    const increments = [
      ...opens(1000, today, 'UTC'),
      ...opens(1000, monthAgo, 'UTC'),
      ...opens(1000, lastDay, 'UTC'),
      ...opens(1000, tooOld, 'UTC'),
    ];
    const profile = workspaceProfileFromCounters(totalsOf(increments), NOW);
    // 12:00 UTC on a Friday, a Wednesday (30 days before) and a Saturday (55 days before); 56 days before was
    // a Friday too, and would have added to the first.
    expect(profile.hours[4 * 24 + 12]).toBe(1000);
    expect(profile.hours[2 * 24 + 12]).toBe(500);
    expect(profile.hours[5 * 24 + 12]).toBeCloseTo(1000 * Math.pow(2, -55 / 30), 5);
    expect(profile.hours.filter((n) => n > 0)).toHaveLength(3);
  });

  it('reads eight whole weeks of UTC days, today the last', () => {
    const { from, to } = workspaceLookBack(NOW);
    expect(new Date(from).toISOString()).toBe('2026-10-10T00:00:00.000Z');
    expect(new Date(to).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect((to - from) / DAY).toBe(WORKSPACE_LOOK_BACK_DAYS);
    expect(WORKSPACE_LOOK_BACK_DAYS % 7).toBe(0);
  });

  it('is uniform in its hours below the threshold, and keeps the channels counted', () => {
    const fewer = [
      ...opens(MIN_WORKSPACE_ENGAGEMENTS - 1, NOW - HOUR),
      ...countWorkspaceDelivery('email', NOW - HOUR),
    ];
    const profile = workspaceProfileFromCounters(totalsOf(fewer), NOW);
    expect(profile.hours).toEqual(uniformWorkspaceProfile().hours);
    expect(profile.channels.email).toEqual({ received: 1, engaged: MIN_WORKSPACE_ENGAGEMENTS - 1 });

    const enough = workspaceProfileFromCounters(totalsOf(opens(MIN_WORKSPACE_ENGAGEMENTS, NOW - HOUR)), NOW);
    expect(total(enough.hours)).toBe(MIN_WORKSPACE_ENGAGEMENTS);
  });

  it('counts old engagement as it has decayed: the same opens two months ago are too few', () => {
    const twice = 2 * MIN_WORKSPACE_ENGAGEMENTS;
    expect(
      total(workspaceProfileFromCounters(totalsOf(opens(twice, NOW - 10 * DAY)), NOW).hours),
    ).toBeCloseTo(twice * Math.pow(2, -10 / 30), 3);
    expect(workspaceProfileFromCounters(totalsOf(opens(twice, NOW - 40 * DAY)), NOW).hours).toEqual(
      uniformWorkspaceProfile().hours,
    );
  });

  it('ignores what is not its own: other families, unknown hours and channels, hour buckets, non-numbers', () => {
    const totals: CounterTotals = {
      '2026-12-04': {
        'sent|ch|email': 5000,
        't|scored|email|positive': 5000,
        'e|hour|168': 5000,
        'e|hour|-1': 5000,
        'e|hour|1.5': 5000,
        'e|hour': 5000,
        'e|received|fax': 5000,
        'e|colour|email': 5000,
        'e|hour|3|extra': 5000,
        'e|engaged|%E0%A4%A': 5000,
        [workspaceEngagementKey.hour(3)]: Number.NaN,
      },
      '2026-12-04T10': { [workspaceEngagementKey.hour(3)]: 5000 },
      yesterday: { [workspaceEngagementKey.hour(3)]: 5000 },
    };
    expect(workspaceProfileFromCounters(totals, NOW)).toEqual(uniformWorkspaceProfile());
  });

  it("sends a customer without history at the workspace's best hour, and with too little data at the requested time", () => {
    // The workspace's customers in Paris open on weekday evenings at 19:xx; four weeks of it.
    const increments: CounterIncrement[] = [];
    for (let day = 1; day <= 28; day++) {
      const evening = at('2026-12-04T19:20', PARIS) - day * DAY;
      const weekday = new Date(evening).getUTCDay();
      if (weekday !== 0 && weekday !== 6) increments.push(...opens(60, evening));
      increments.push(...opens(5, evening - 8 * HOUR)); // and a few at 11:20
    }
    const now = at('2026-12-04T10:05', PARIS);
    const window = { from: now, until: now + DAY };
    const choose = (totals: CounterTotals) =>
      chooseSendTime(
        emptyEngagementProfile(),
        workspaceProfileFromCounters(totals, now),
        window,
        PARIS,
        () => true,
        NO_EXPLORE,
        now,
      );
    const learned = choose(totalsOf(increments));
    expect(learned).toMatchObject({ reason: 'no_history', hour: 4 * 24 + 19 });
    expect(wallClock(learned.at ?? 0, PARIS)).toBe('2026-12-04T19:00');

    const aFew = choose(totalsOf(increments.slice(0, 200)));
    expect(aFew).toMatchObject({ reason: 'no_history', at: now });
  });

  it('is 168 non-negative hours, uniform or at least the threshold, whatever the counters', () => {
    const bucket = fc
      .integer({ min: -70, max: 5 })
      .map((days) => new Date(NOW + days * DAY).toISOString().slice(0, 10));
    const key = fc.oneof(
      fc.integer({ min: -2, max: 170 }).map((hour) => `e|hour|${hour}`),
      fc.constantFrom('e|received|email', 'e|engaged|sms', 'e|engaged|push', 'cp|x', 'e|hour|%'),
      fc.string(),
    );
    const totals = fc.dictionary(
      bucket,
      fc.dictionary(key, fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double())),
    );
    fc.assert(
      fc.property(totals, (counters) => {
        const profile = workspaceProfileFromCounters(counters, NOW);
        expect(profile.hours).toHaveLength(168);
        expect(profile.hours.every((n) => Number.isFinite(n) && n >= 0)).toBe(true);
        const uniform = profile.hours.every((n) => n === 1);
        expect(uniform || total(profile.hours) >= MIN_WORKSPACE_ENGAGEMENTS).toBe(true);
        for (const counted of Object.values(profile.channels)) {
          expect(Number.isFinite(counted.received) && counted.received >= 0).toBe(true);
          expect(Number.isFinite(counted.engaged) && counted.engaged >= 0).toBe(true);
        }
      }),
    );
  });
});
