import { DateTime } from 'luxon';
import type { QuietWindow } from '../../domain/contact/quietHours';
import { isInQuietHours, quietHoursEnd } from '../../domain/contact/quietHours';
import type { AllowedTimes } from '../../domain/personalization';
import { hourOfWeekAt, OPTIMAL_WINDOW_MS } from '../../domain/personalization';
import { zoneOrUtc } from '../../domain/personalization/hourOfWeek';

export const WORKSPACE = 'sim';
export const WORKSPACE_ZONE = 'Europe/Paris';
const HOUR_MS = 3_600_000;
export const WEEK_MS = 7 * 24 * HOUR_MS;

/** The campaign's requested times in the workspace's zone: Tuesday, Thursday and Saturday at 10:00. */
export const CAMPAIGN_SLOTS = [
  { weekday: 2, hour: 10 },
  { weekday: 4, hour: 10 },
  { weekday: 6, hour: 10 },
] as const;

/** Monday 5 January 2026, 00:00 in Paris: eight weeks from here cross no daylight-saving change anywhere simulated. */
export const SIMULATION_START = DateTime.fromISO('2026-01-05T00:00', { zone: WORKSPACE_ZONE }).toMillis();

export interface CampaignSend {
  week: number;
  slot: number;
  requestedAt: number;
}

/** Every campaign request of the run, in time order. */
export function campaignSends(weeks: number): CampaignSend[] {
  const start = DateTime.fromMillis(SIMULATION_START, { zone: WORKSPACE_ZONE });
  const sends: CampaignSend[] = [];
  for (let week = 0; week < weeks; week++) {
    CAMPAIGN_SLOTS.forEach(({ weekday, hour }, slot) => {
      const requestedAt = start
        .plus({ weeks: week, days: weekday - 1 })
        .set({ hour })
        .toMillis();
      sends.push({ week, slot, requestedAt });
    });
  }
  return sends;
}

/** What the policy allows a marketing message: quiet hours in the customer's zone, or none. */
export interface SendRules {
  quietHours: QuietWindow | undefined;
}

/** The first instant in [from, until) a marketing message may go to a customer in `zone`, if any. */
export function firstAllowedIn(
  rules: SendRules,
  zone: string,
  from: number,
  until: number,
): number | undefined {
  const at = rules.quietHours ? quietHoursEnd(from, zone, rules.quietHours) : from;
  return at < until ? at : undefined;
}

export function allowedTimes(rules: SendRules, zone: string): AllowedTimes {
  return { firstAllowedIn: (from, until) => firstAllowedIn(rules, zone, from, until) };
}

/**
 * allowedTimes remembering its answers: every customer of a zone asks the same questions of the same
 * campaign, and the simulation makes hundreds of thousands of decisions. The timing uses allowedTimes.
 */
export function rememberingAllowedTimes(rules: SendRules, zone: string): AllowedTimes {
  const answers = new Map<string, number | undefined>();
  return {
    firstAllowedIn: (from, until) => {
      const key = `${from}|${until}`;
      if (!answers.has(key)) answers.set(key, firstAllowedIn(rules, zone, from, until));
      return answers.get(key);
    },
  };
}

export function isAllowed(rules: SendRules, zone: string, at: number): boolean {
  return !rules.quietHours || !isInQuietHours(at, zone, rules.quietHours);
}

/** Where a message can land and the hour of the week it lands in, on the customer's clock. */
export interface Landing {
  at: number;
  hour: number;
}

/**
 * Every instant "optimal" can choose for a request: the first allowed instant of each hour of the 24-hour
 * window (the top of the hour, for whole-hour zones), in time order. The oracle chooses among exactly these.
 */
export function candidateLandings(rules: SendRules, zone: string, requestedAt: number): Landing[] {
  const landings: Landing[] = [];
  const clock = zoneOrUtc(zone);
  const until = requestedAt + OPTIMAL_WINDOW_MS;
  for (let start = requestedAt; start < until; start += HOUR_MS) {
    const at = firstAllowedIn(rules, zone, start, Math.min(until, start + HOUR_MS));
    if (at !== undefined) landings.push({ at, hour: hourOfWeekAt(at, clock) });
  }
  return landings;
}
