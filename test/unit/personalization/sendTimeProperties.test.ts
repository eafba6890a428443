import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isInQuietHours } from '../../../domain/contact';
import type { EngagementProfile } from '../../../domain/personalization';
import {
  chooseSendTime,
  emptyEngagementProfile,
  explores,
  hourOfWeekAt,
  profileAsOf,
  recordEngagement,
} from '../../../domain/personalization';
import { hourScores } from '../../../domain/personalization/hourScores';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'UTC',
  'Pacific/Chatham',
];
// 2024: both daylight-saving changes of every zone above fall inside it.
const YEAR_START = Date.UTC(2024, 0, 1);
const YEAR_END = Date.UTC(2025, 0, 1);

const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** Quiet hours in the zone, and instants a cap holds (blocked stretches), as `isAllowedAt` would see them. */
const constraints = fc.record({
  quiet: fc.option(
    fc.record({ start: clock, end: clock }).filter((q) => q.start !== q.end),
    { nil: undefined },
  ),
  blocked: fc.array(
    fc.tuple(fc.integer({ min: -HOUR, max: 26 * HOUR }), fc.integer({ min: 1, max: 12 * HOUR })),
    {
      maxLength: 4,
    },
  ),
});

const profile = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    opens: fc.array(fc.integer({ min: YEAR_START - 120 * DAY, max: YEAR_END }), { maxLength: 40 }),
  })
  .map(({ zone, opens }) =>
    opens.reduce<EngagementProfile>(
      (p, when, i) =>
        recordEngagement(p, 'email', { messageId: `m${i}`, action: 'opened', machine: false }, when, zone),
      emptyEngagementProfile(),
    ),
  );

const workspace = fc.option(
  fc
    .array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 168, maxLength: 168 })
    .map((hours) => ({ hours, channels: {} })),
  { nil: undefined },
);

const scenario = fc.record({
  profile,
  workspace,
  zone: fc.constantFrom(...ZONES),
  from: fc.integer({ min: YEAR_START, max: YEAR_END }),
  length: fc.integer({ min: 1, max: 30 * HOUR }),
  constraints,
  explore: fc.record({ share: fc.constantFrom(0, 0.1, 0.5, 1), seed: fc.string({ maxLength: 20 }) }),
  priorStrength: fc.constantFrom(0, 1, 5, 50),
});

type Constraints = typeof constraints extends fc.Arbitrary<infer T> ? T : never;
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function allowedUnder({ quiet, blocked }: Constraints, zone: string, from: number) {
  return (when: number): boolean =>
    !(quiet && isInQuietHours(when, zone, quiet)) &&
    !blocked.some(([offset, length]) => when >= from + offset && when < from + offset + length);
}

function workspaceHours(s: Scenario): number[] {
  return s.workspace?.hours ?? new Array<number>(168).fill(1);
}

function run(s: Scenario) {
  const until = s.from + s.length;
  const isAllowedAt = allowedUnder(s.constraints, s.zone, s.from);
  const choice = chooseSendTime(
    s.profile,
    { hours: workspaceHours(s), channels: {} },
    { from: s.from, until },
    s.zone,
    isAllowedAt,
    s.explore,
    s.from,
    s.priorStrength,
  );
  return { choice, until, isAllowedAt };
}

describe('"sendAt": "optimal" on any profile, window, zone and constraints', () => {
  it('never goes before the window, after 24 hours, at or after the expiry, or when not allowed', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { choice, until, isAllowedAt } = run(s);
        if (choice.at === undefined) return;
        expect(choice.at).toBeGreaterThanOrEqual(s.from);
        expect(choice.at).toBeLessThan(Math.min(until, s.from + DAY));
        expect(isAllowedAt(choice.at)).toBe(true);
        expect(choice.hour).toBeGreaterThanOrEqual(0);
        expect(choice.hour).toBeLessThan(168);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same bounds when told the first allowed instant instead of testing instants', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 59_999 }), (s, shift) => {
        const until = s.from + s.length;
        const isAllowedAt = allowedUnder(s.constraints, s.zone, s.from);
        // A search that answers with any allowed instant of the range (not only whole minutes).
        const firstAllowedIn = (from: number, to: number): number | undefined => {
          for (let when = from + shift; when < to; when += MINUTE) if (isAllowedAt(when)) return when;
          return undefined;
        };
        const choice = chooseSendTime(
          s.profile,
          { hours: workspaceHours(s), channels: {} },
          { from: s.from, until },
          s.zone,
          { firstAllowedIn },
          s.explore,
          s.from,
          s.priorStrength,
        );
        if (choice.at === undefined) return;
        expect(choice.at).toBeGreaterThanOrEqual(s.from);
        expect(choice.at).toBeLessThan(Math.min(until, s.from + DAY));
        expect(isAllowedAt(choice.at)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('finds a time whenever the window holds an allowed minute', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { choice, until, isAllowedAt } = run(s);
        if (choice.at !== undefined) return;
        const end = Math.min(until, s.from + DAY);
        expect(isAllowedAt(s.from)).toBe(false);
        for (let when = Math.floor(s.from / MINUTE) * MINUTE + MINUTE; when < end; when += MINUTE) {
          expect(isAllowedAt(when)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('picks an hour scoring at least as well as any other allowed hour of the window', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { choice, until, isAllowedAt } = run({ ...s, explore: { share: 0, seed: s.explore.seed } });
        if (choice.at === undefined) return;
        const zone = IANAZone.create(s.zone);
        const { scores } = hourScores(
          profileAsOf(s.profile, s.from).hours,
          workspaceHours(s),
          s.priorStrength,
        );
        const end = Math.min(until, s.from + DAY);
        for (let when = Math.floor(s.from / MINUTE) * MINUTE + MINUTE; when < end; when += MINUTE) {
          if (isAllowedAt(when))
            expect(scores[hourOfWeekAt(when, zone)]).toBeLessThanOrEqual(choice.score + 1e-4);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic: the same state gives the same answer, also after a JSON round trip', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const first = run(s).choice;
        expect(run(s).choice).toEqual(first);
        expect(
          run({ ...s, profile: JSON.parse(JSON.stringify(s.profile)) as EngagementProfile }).choice,
        ).toEqual(first);
        expect(JSON.parse(JSON.stringify(first))).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });

  it('sends an explored message at the first allowed instant, as if asked for then', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const explored = run({ ...s, explore: { share: 1, seed: s.explore.seed } });
        const asked = run({
          ...s,
          profile: emptyEngagementProfile(),
          workspace: undefined,
          explore: { share: 0, seed: '' },
        });
        expect(explored.choice.at).toBe(asked.choice.at);
        if (explored.choice.at !== undefined) expect(explored.choice.reason).toBe('explore');
      }),
      { numRuns: 100 },
    );
  });
});

describe('the exploring share', () => {
  it('is about the configured share over many message ids, and the same for the same id', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.string({ maxLength: 8 }), (percent, prefix) => {
        const share = percent / 100;
        const ids = Array.from({ length: 5000 }, (_, i) => `${prefix}${i}`);
        const observed = ids.filter((id) => explores(id, share)).length / ids.length;
        expect(Math.abs(observed - share)).toBeLessThan(0.03);
        expect(ids.map((id) => explores(id, share))).toEqual(ids.map((id) => explores(id, share)));
      }),
      { numRuns: 40 },
    );
    expect(explores('any', 0)).toBe(false);
    expect(explores('any', 1)).toBe(true);
  });

  it('only adds messages as the share grows', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `message-${i}`);
    const atTen = ids.filter((id) => explores(id, 0.1));
    expect(atTen.every((id) => explores(id, 0.2))).toBe(true);
  });
});
