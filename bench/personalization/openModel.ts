import { HOURS_OF_WEEK } from '../../domain/personalization/hourOfWeek';
import type { SimChannel, SimCustomer } from './population';
import type { Random } from './random';

/**
 * How long a message stays worth opening, per channel: a push notification is buried within hours, an
 * email waits in the inbox for the next look. A message `j` hours old is opened, when the person attends, with
 * the channel's propensity × 2^(−j / half-life).
 */
export const FRESHNESS_HALF_LIFE_HOURS: Record<SimChannel, number> = { email: 24, push: 4, sms: 8 };

/** A message not opened within three days never is. */
export const OPEN_HORIZON_HOURS = 72;

/** 2^(−j / half-life) for j = 0 … OPEN_HORIZON_HOURS − 1, per channel: computed once, used in every hazard. */
const FRESHNESS = Object.fromEntries(
  Object.entries(FRESHNESS_HALF_LIFE_HOURS).map(([channel, halfLife]) => [
    channel,
    Float64Array.from({ length: OPEN_HORIZON_HOURS }, (_, j) => Math.pow(2, -j / halfLife)),
  ]),
) as Record<SimChannel, Float64Array>;

/**
 * The chance of opening, hour by hour after the message lands at the start of local hour of the week
 * `landingHour`: the person attends with the activity of that hour, and then opens with the channel's
 * propensity times the message's freshness. The first success is the open; the learner sees its hour.
 */
function hazard(customer: SimCustomer, channel: SimChannel, landingHour: number, hoursLater: number): number {
  const attending = customer.activity[(landingHour + hoursLater) % HOURS_OF_WEEK];
  return attending * customer.propensity[channel] * FRESHNESS[channel][hoursLater];
}

/** The true chance that a message on `channel` landing at the start of `landingHour` is ever opened. */
export function openProbability(customer: SimCustomer, channel: SimChannel, landingHour: number): number {
  let unopened = 1;
  for (let j = 0; j < OPEN_HORIZON_HOURS; j++) unopened *= 1 - hazard(customer, channel, landingHour, j);
  return 1 - unopened;
}

/**
 * Whether and when the person opens it: hours after landing (the hour's minute uniform), or undefined.
 * The walk assumes the zone's offset holds for the three days (true for the simulated weeks by default).
 */
export function sampleOpenDelayHours(
  customer: SimCustomer,
  channel: SimChannel,
  landingHour: number,
  random: Random,
): number | undefined {
  for (let j = 0; j < OPEN_HORIZON_HOURS; j++) {
    if (random() < hazard(customer, channel, landingHour, j)) return j + random();
  }
  return undefined;
}

/** openProbability for every channel and landing hour, computed once per customer. */
export type OpenProbabilities = Record<SimChannel, Float64Array>;

export function openProbabilities(customer: SimCustomer): OpenProbabilities {
  const table = {} as OpenProbabilities;
  for (const channel of Object.keys(FRESHNESS_HALF_LIFE_HOURS) as SimChannel[]) {
    const byHour = new Float64Array(HOURS_OF_WEEK);
    for (let hour = 0; hour < HOURS_OF_WEEK; hour++) byHour[hour] = openProbability(customer, channel, hour);
    table[channel] = byHour;
  }
  return table;
}
