import { HOURS_OF_WEEK } from './hourOfWeek';

/**
 * A customer's hour-of-week data is sparse: a habit of opening at 19:00 on weekdays shows as a few opens
 * spread over five different buckets. Half of their distribution is therefore read by hour of the day
 * (all seven days pooled), half by hour of the week, so a Wednesday with no data still learns from the
 * other evenings.
 */
export const HOUR_OF_DAY_POOLING = 0.5;

export interface HourScores {
  /** Per hour of the week: the shrunk share of engagement, times 168 (1 is an average hour). */
  scores: number[];
  /** n / (n + k): how much the customer's own data counts. */
  customerWeight: number;
  /** n: the customer's decayed human opens and clicks. */
  engagements: number;
}

/**
 * The customer's hour-of-week engagement shrunk toward the workspace's: the customer's own distribution weighs
 * n / (n + k), n their decayed human engagements, k `priorStrength` (empirical-Bayes shrinkage). With the
 * default k = 5 (DEFAULT_PRIOR_STRENGTH, defaults.ts), five recent opens make the customer's habits and the
 * workspace's count alike; twenty make the customer's count for 80 %.
 */
export function hourScores(
  customerHours: readonly number[],
  workspaceHours: readonly number[],
  priorStrength: number,
): HourScores {
  const own = usable(customerHours);
  const engagements = own.reduce((sum, n) => sum + n, 0);
  const customerWeight = engagements > 0 ? engagements / (engagements + Math.max(0, priorStrength)) : 0;
  const prior =
    distribution(usable(workspaceHours)) ?? new Array<number>(HOURS_OF_WEEK).fill(1 / HOURS_OF_WEEK);
  const ownByWeek = distribution(own);
  const byDay = new Array<number>(24).fill(0);
  own.forEach((n, hour) => (byDay[hour % 24] += n));
  const ownByDay = distribution(byDay);
  const scores = prior.map((p, hour) => {
    const customer =
      ownByWeek && ownByDay
        ? (1 - HOUR_OF_DAY_POOLING) * ownByWeek[hour] + (HOUR_OF_DAY_POOLING * ownByDay[hour % 24]) / 7
        : 0;
    return (customerWeight * customer + (1 - customerWeight) * p) * HOURS_OF_WEEK;
  });
  return { scores, customerWeight, engagements };
}

/** 168 finite, non-negative numbers; anything else (a corrupt or foreign profile) reads as no data. */
function usable(hours: readonly number[]): number[] {
  if (hours.length !== HOURS_OF_WEEK) return new Array<number>(HOURS_OF_WEEK).fill(0);
  return hours.map((n) => (Number.isFinite(n) && n > 0 ? n : 0));
}

function distribution(counts: readonly number[]): number[] | undefined {
  const total = counts.reduce((sum, n) => sum + n, 0);
  return total > 0 ? counts.map((n) => n / total) : undefined;
}
