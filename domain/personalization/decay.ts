/**
 * Engagement fades: what a customer did last week says more about today than what they did last year. Every
 * count of the engagement profile is exponentially decayed with this half-life, so an open 30 days ago counts
 * half, 60 days ago a quarter, six months ago 1/64. Braze Intelligent Channel reads the last six months with a
 * hard cut and Iterable's Send Time Optimization weights recent data more heavily; a 30-day half-life does
 * both, gradually: a month is enough to see a habit, and a change of routine shows within weeks.
 *
 * The half-life is a constant, not a policy setting: the profile's numbers are stored already decayed, so a
 * different half-life would give meaning to old state that it never had.
 */
export const ENGAGEMENT_HALF_LIFE_MS = 30 * 86_400_000;

/** The weight, now, of one unit counted `elapsedMs` ago (1 for the future: a clock skew counts as just now). */
export function decayFactor(elapsedMs: number): number {
  return elapsedMs <= 0 ? 1 : Math.pow(2, -elapsedMs / ENGAGEMENT_HALF_LIFE_MS);
}

/**
 * Counts carried in workflow state are rounded to 6 decimals: a JSON number of 17 digits per hour of the week
 * would triple the state for precision nobody reads, and a count decayed below a millionth is gone.
 */
export function roundCount(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
