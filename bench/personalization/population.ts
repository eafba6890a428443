import type { Channel } from '../../domain/contact';
import { HOURS_OF_WEEK } from '../../domain/personalization';
import type { Random } from './random';
import { pickWeighted, seededRandom, standardNormal, uniform } from './random';

/** The channels a marketing message can reach a person on (webhooks reach systems, not people). */
export const SIM_CHANNELS = ['email', 'push', 'sms'] as const satisfies readonly Channel[];
export type SimChannel = (typeof SIM_CHANNELS)[number];

/** A time of day (local, in hours: 7.5 is 07:30) at which a person pays attention, how much, how long. */
interface Peak {
  at: number;
  height: number;
  /** Standard deviation of the bell, in hours. */
  width: number;
}

interface Archetype {
  share: number;
  weekday: Peak[];
  weekend: Peak[];
}

/**
 * When people read their messages: a few common routines, each a daily curve for weekdays and one for the
 * weekend. Heights are the chance of attending to messages in that hour at the peak. "office" reads at
 * about the campaign's hour (Tuesday 10:00 in the workspace's zone), so fixed-time sending is not wrong for
 * everybody.
 */
export const ARCHETYPES = {
  earlyBird: {
    share: 0.2,
    weekday: [
      { at: 7, height: 0.6, width: 0.8 },
      { at: 12.5, height: 0.2, width: 0.8 },
    ],
    weekend: [{ at: 8.5, height: 0.5, width: 1.2 }],
  },
  commuter: {
    share: 0.2,
    weekday: [
      { at: 8.5, height: 0.5, width: 0.7 },
      { at: 18, height: 0.55, width: 0.8 },
    ],
    weekend: [{ at: 11, height: 0.3, width: 1.5 }],
  },
  office: {
    share: 0.15,
    weekday: [
      { at: 10.5, height: 0.45, width: 1.2 },
      { at: 14, height: 0.35, width: 1 },
    ],
    weekend: [{ at: 11, height: 0.15, width: 2 }],
  },
  evening: {
    share: 0.3,
    weekday: [{ at: 20, height: 0.6, width: 1 }],
    weekend: [{ at: 19.5, height: 0.55, width: 1.5 }],
  },
  weekend: {
    share: 0.15,
    weekday: [{ at: 20, height: 0.15, width: 1.5 }],
    weekend: [{ at: 12, height: 0.6, width: 1.8 }],
  },
} as const satisfies Record<string, Archetype>;
export type ArchetypeName = keyof typeof ARCHETYPES;

/** Where customers live (whole-hour offsets, so every send lands at the top of an hour), and how many. */
export const ZONES = [
  ['Europe/Paris', 0.3],
  ['Europe/London', 0.2],
  ['Europe/Berlin', 0.1],
  ['America/New_York', 0.15],
  ['America/Los_Angeles', 0.1],
  ['Asia/Tokyo', 0.08],
  ['Australia/Sydney', 0.07],
] as const;

/** Each customer's favourite channel, and the share of customers reachable on each (email: everybody). */
const FAVOURITE = [
  ['email', 0.45],
  ['push', 0.3],
  ['sms', 0.25],
] as const;
const REACHABLE_SHARE: Record<SimChannel, number> = { email: 1, push: 0.55, sms: 0.5 };

export interface SimCustomer {
  id: string;
  zone: string;
  archetype: ArchetypeName;
  /** Per local hour of the week (0 = Monday 00:00): the chance the person attends to messages in that hour. */
  activity: number[];
  /** Per channel: the chance the person opens a fresh message when attending. */
  propensity: Record<SimChannel, number>;
  favourite: SimChannel;
  /** Reachable and consented: email first, then the others in SIM_CHANNELS order. */
  reachable: SimChannel[];
}

/** `count` customers drawn from the seed; customer i is the same whatever the count. */
export function generatePopulation(count: number, seed: string): SimCustomer[] {
  return Array.from({ length: count }, (_, i) => generateCustomer(`c${i}`, seed));
}

export function generateCustomer(id: string, seed: string): SimCustomer {
  const random = seededRandom(`${seed}:population:${id}`);
  const zone = pickWeighted(random, ZONES);
  const archetype = pickWeighted(
    random,
    Object.entries(ARCHETYPES).map(([name, { share }]) => [name as ArchetypeName, share] as const),
  );
  const favourite = pickWeighted(random, FAVOURITE);
  const propensity = {} as Record<SimChannel, number>;
  for (const channel of SIM_CHANNELS) {
    propensity[channel] = channel === favourite ? uniform(random, 0.25, 0.5) : uniform(random, 0.03, 0.12);
  }
  const reachable = SIM_CHANNELS.filter((channel) => random() < REACHABLE_SHARE[channel]);
  return {
    id,
    zone,
    archetype,
    activity: activityCurve(ARCHETYPES[archetype], random),
    propensity,
    favourite,
    reachable,
  };
}

/**
 * The archetype's curve made personal: every peak moved by the same shift (σ 45 minutes), heights scaled by
 * 0.7–1.3, a background level of 0.5–3 % an hour (a fifth of it at night), and ±25 % noise per hour.
 */
function activityCurve(archetype: Archetype, random: Random): number[] {
  const shift = 0.75 * standardNormal(random);
  const scale = uniform(random, 0.7, 1.3);
  const background = uniform(random, 0.005, 0.03);
  return Array.from({ length: HOURS_OF_WEEK }, (_, hour) => {
    const day = Math.floor(hour / 24);
    const hourOfDay = hour % 24;
    const peaks = day >= 5 ? archetype.weekend : archetype.weekday;
    const middle = hourOfDay + 0.5;
    let level = hourOfDay < 6 ? background / 5 : background;
    for (const peak of peaks) {
      const distance = circularDistance(middle, peak.at + shift);
      level += scale * peak.height * Math.exp(-0.5 * (distance / peak.width) ** 2);
    }
    return Math.min(0.95, level * Math.exp(0.25 * standardNormal(random)));
  });
}

/** Hours between two times of day, the short way round the clock. */
function circularDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}
