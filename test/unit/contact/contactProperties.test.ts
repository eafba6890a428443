import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CHANNELS, MARKETING_CATEGORIES } from '../../../domain/contact';
import type { PolicyDocument } from '../../../domain/policy';
import { defaultPolicy, validatePolicy } from '../../../domain/policy';
import type { SimulatedEvent } from './customerSimulation';
import { CustomerSimulation, expectCapsRespected } from './customerSimulation';
import { DAY, HOUR, MINUTE } from './fixtures';

const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];

/** The default policy with tighter, shorter caps so that a few dozen events make them collide. */
const policyArb: fc.Arbitrary<PolicyDocument> = fc
  .record({
    limits: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 5 }),
    windows: fc.array(fc.constantFrom('30m', '2h', '6h', '24h', '3d'), { minLength: 5, maxLength: 5 }),
    // Boundaries away from the small hours, where DST nights make wall-clock reasoning ambiguous.
    quiet: fc.constantFrom(['21:00', '08:00'], ['20:00', '06:30'], ['12:00', '13:30'], ['22:30', '09:15']),
    quietCategories: fc.subarray([...MARKETING_CATEGORIES]),
    excluded: fc.subarray([...MARKETING_CATEGORIES]),
    disruptionWindow: fc.constantFrom('1h', '6h', '72h'),
    negativeSentimentWindow: fc.constantFrom('2h', '1d', '7d'),
    defaultTimeZone: fc.constantFrom(...zones),
  })
  .map(({ limits, windows, quiet, quietCategories, excluded, defaultTimeZone, ...windowsOf }) => ({
    ...defaultPolicy,
    version: 7,
    caps: defaultPolicy.caps.map((cap, i) => ({ ...cap, limit: limits[i], window: windows[i] })),
    quietHours: { start: quiet[0], end: quiet[1], defaultTimeZone, categories: quietCategories },
    exclusions: { ...defaultPolicy.exclusions, ...windowsOf, categories: excluded },
  }));

const sometimes = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

const eventArb: fc.Arbitrary<SimulatedEvent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.integer({ min: 1, max: 10 * 60 }).map((m) => ({ kind: 'wait' as const, ms: m * MINUTE })),
  },
  {
    weight: 8,
    arbitrary: fc
      .record({
        // A small pool of ids so that replays happen.
        id: fc.integer({ min: 0, max: 25 }).map((n) => `req-${n}`),
        channel: fc.constantFrom(...CHANNELS),
        category: fc.constantFrom(...CATEGORIES, ...MARKETING_CATEGORIES),
        priority: fc.constantFrom(0, 20, 50, 50, 80, 100),
        notBeforeIn: sometimes(fc.integer({ min: 0, max: 12 * 60 }).map((m) => m * MINUTE)),
        expiresIn: sometimes(fc.integer({ min: 1, max: 72 * 60 }).map((m) => m * MINUTE)),
      })
      .map(({ notBeforeIn, expiresIn, ...request }) => ({
        kind: 'request' as const,
        ...request,
        ...(notBeforeIn !== undefined && { notBeforeIn }),
        ...(expiresIn !== undefined && { expiresIn }),
      })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'disruption' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'negativeSentiment' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'caseOpened' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'caseResolved' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('consent' as const),
      channel: fc.constantFrom(...CHANNELS),
      status: fc.constantFrom('opted_in' as const, 'opted_out' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('timeZone' as const), zone: fc.constantFrom(...zones) }),
  },
);

// Around both 2024 clock changes in Europe and North America, where quiet hours are easiest to get wrong.
const startArb = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 2, 5), max: Date.UTC(2024, 3, 5) }),
  fc.integer({ min: Date.UTC(2024, 9, 22), max: Date.UTC(2024, 10, 8) }),
);

describe('the contact ledger over random customer histories', () => {
  it('keeps every rule: caps, exclusions, consent, quiet hours, priorities, idempotency', () => {
    fc.assert(
      fc.property(
        policyArb,
        startArb,
        fc.option(fc.constantFrom(...zones), { nil: undefined }),
        fc.array(eventArb, { minLength: 10, maxLength: 60 }),
        (policy, start, timeZone, events) => {
          expect(validatePolicy(policy).ok).toBe(true);
          const simulation = new CustomerSimulation(policy, start, timeZone);
          simulation.run(events);
          // Every deferred message is eventually sent or suppressed: nothing waits forever.
          simulation.advanceTo(simulation.now + 10 * DAY);
          expect(simulation.ctx.scheduled).toEqual([]);
          expectCapsRespected(policy, simulation.deliveries);
          expect(new Set(simulation.deliveries.map((d) => d.requestId)).size).toBe(
            simulation.deliveries.length,
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('delivers under the default policy too, for a customer hammered with marketing', () => {
    fc.assert(
      fc.property(startArb, fc.array(eventArb, { minLength: 20, maxLength: 60 }), (start, events) => {
        const simulation = new CustomerSimulation(defaultPolicy, start, 'America/New_York');
        simulation.run(events);
        simulation.advanceTo(simulation.now + 10 * DAY);
        expectCapsRespected(defaultPolicy, simulation.deliveries);
      }),
      { numRuns: 40 },
    );
  });

  it('sends an unhindered request at once (the simulation is not vacuous)', () => {
    const simulation = new CustomerSimulation(defaultPolicy, Date.UTC(2024, 5, 3, 12), 'UTC');
    simulation.run([
      { kind: 'request', id: 'a', channel: 'email', category: 'newsletter', priority: 50 },
      { kind: 'request', id: 'b', channel: 'push', category: 'promotion', priority: 50 },
      { kind: 'request', id: 'c', channel: 'sms', category: 'promotion', priority: 90, expiresIn: 48 * HOUR },
      { kind: 'wait', ms: 30 * HOUR },
    ]);
    expect(simulation.deliveries.map((d) => d.requestId)).toEqual(['a', 'b', 'c']);
    expect(simulation.deliveries[2].at).toBe(Date.UTC(2024, 5, 4, 12));
  });
});
