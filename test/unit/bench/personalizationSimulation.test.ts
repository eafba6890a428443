import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ARMS, armOf } from '../../../bench/personalization/arms';
import { campaignSends, candidateLandings } from '../../../bench/personalization/campaign';
import {
  openProbabilities,
  openProbability,
  sampleOpenDelayHours,
} from '../../../bench/personalization/openModel';
import { bestSend } from '../../../bench/personalization/oracle';
import type { SimCustomer } from '../../../bench/personalization/population';
import { generateCustomer, generatePopulation } from '../../../bench/personalization/population';
import { seededRandom } from '../../../bench/personalization/random';
import { DEFAULT_OPTIONS, simulate } from '../../../bench/personalization/simulate';
import { defaultPolicy } from '../../../domain/policy/defaultPolicy';

const ZONE = 'Europe/Paris';
const quietHours = { quietHours: defaultPolicy.quietHours };

/** Someone who looks at messages only between 19:00 and 20:00 on their clock, and opens pushes far more than email. */
function eveningPushPerson(): SimCustomer {
  return {
    id: 'evening',
    zone: ZONE,
    archetype: 'evening',
    activity: Array.from({ length: 168 }, (_, hour) => (hour % 24 === 19 ? 0.8 : 0)),
    propensity: { email: 0.1, push: 0.5, sms: 0.05 },
    favourite: 'push',
    reachable: ['email', 'push'],
  };
}

function localTime(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('ccc HH:mm');
}

describe('the personalization simulation', () => {
  it("gives the oracle the customer's true best hour and channel", () => {
    const person = eveningPushPerson();
    const [tuesday] = campaignSends(1);
    const landings = candidateLandings(quietHours, ZONE, tuesday.requestedAt);
    const best = bestSend(openProbabilities(person), person.reachable, landings)!;
    expect(localTime(best.at, ZONE)).toBe('Tue 19:00');
    expect(best.channel).toBe('push');
    // Nothing the window allows does better, on any reachable channel.
    for (const channel of person.reachable) {
      for (const landing of landings) {
        expect(openProbability(person, channel, landing.hour)).toBeLessThanOrEqual(best.probability);
      }
    }
    // Email only: still the evening; with quiet hours 21:00–08:00 the window holds no night hour.
    expect(localTime(bestSend(openProbabilities(person), ['email'], landings)!.at, ZONE)).toBe('Tue 19:00');
    expect(
      landings.every(({ at }) => Number(DateTime.fromMillis(at, { zone: ZONE }).toFormat('H')) >= 8),
    ).toBe(true);
  });

  it('samples opens with the chances the oracle reads, at hours the person attends', () => {
    const person = eveningPushPerson();
    const landingHour = 24 + 10; // Tuesday 10:00
    const random = seededRandom('test');
    const draws = 20_000;
    let opened = 0;
    for (let i = 0; i < draws; i++) {
      const delay = sampleOpenDelayHours(person, 'email', landingHour, random);
      if (delay === undefined) continue;
      opened += 1;
      expect((landingHour + Math.floor(delay)) % 24).toBe(19);
    }
    const chance = openProbability(person, 'email', landingHour);
    expect(chance).toBeGreaterThan(0.1);
    expect(Math.abs(opened / draws - chance)).toBeLessThan(0.01);
  });

  it('draws every customer from the seed alone, with email always reachable', () => {
    const few = generatePopulation(5, 'seed-a');
    const many = generatePopulation(50, 'seed-a');
    expect(many.slice(0, 5)).toEqual(few);
    expect(generateCustomer('c1', 'seed-b')).not.toEqual(few[1]);
    for (const customer of many) {
      expect(customer.reachable[0]).toBe('email');
      expect(customer.activity).toHaveLength(168);
      expect(Math.max(...customer.activity)).toBeLessThanOrEqual(0.95);
      expect(Math.min(...customer.activity)).toBeGreaterThanOrEqual(0);
    }
  });

  it('deals customers into the arms by the holdout hash, evenly', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `c${i}`);
    const counts = new Map(ARMS.map((arm) => [arm, 0]));
    for (const id of ids) counts.set(armOf(id, 'tutti'), counts.get(armOf(id, 'tutti'))! + 1);
    for (const count of counts.values()) expect(count / ids.length).toBeCloseTo(0.2, 1);
    expect(ids.filter((id) => armOf(id, 'tutti') !== armOf(id, 'other')).length).toBeGreaterThan(3_000);
  });

  it('gives the same results for the same seed, and others for another', () => {
    const options = { ...DEFAULT_OPTIONS, customers: 60, weeks: 2 };
    const first = simulate(options);
    const again = simulate(options);
    expect(again.arms).toEqual(first.arms);
    expect(simulate({ ...options, seed: 'another' }).arms).not.toEqual(first.arms);
    // The control sends email at the campaign's time; only the oracle is always at the best hour and channel.
    expect(first.arms.fixed.channels).toEqual({ email: first.arms.fixed.messages });
    expect(first.arms.fixed.timeReasons).toEqual({});
    expect(first.arms.oracle.atBestHour).toBe(first.arms.oracle.messages);
    expect(first.arms.oracle.onBestChannel).toBe(first.arms.oracle.messages);
    expect(first.arms.oracle.expected).toBeCloseTo(first.arms.oracle.ceiling.bestBoth, 9);
  });
});
