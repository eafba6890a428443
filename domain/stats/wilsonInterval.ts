import { twoSidedCriticalValue } from './normal';
import { checkArm } from './proportion';
import type { ArmCounts, Interval } from './proportion';

/**
 * Wilson's score interval for one proportion (Wilson 1927; Newcombe 1998, "Two-sided confidence intervals
 * for the single proportion", Stat Med 17:857–872, method 3): the rates p for which the observed rate is
 * within z standard errors of p, the standard error taken at p itself. Unlike the textbook p̂ ± z·√(p̂q̂/n)
 * it never leaves [0, 1] and does not collapse to a point at 0 or at all converted.
 *
 *   (2r + z² ± z·√(z² + 4r(1 − r/n))) / (2(n + z²))
 *
 * Null for an arm with no customers.
 */
export function wilsonInterval(counts: ArmCounts, confidence = 0.95): Interval | null {
  checkArm(counts);
  const { customers: n, converted: r } = counts;
  if (n === 0) return null;
  const z = twoSidedCriticalValue(confidence);
  const centre = 2 * r + z * z;
  const halfWidth = z * Math.sqrt(z * z + 4 * r * (1 - r / n));
  const denominator = 2 * (n + z * z);
  // At r = 0 and r = n the formula gives 0 and 1 exactly in real arithmetic; say so rather than keep a
  // rounding error of 1e-17 that would put the interval a hair outside [0, 1].
  const lo = r === 0 ? 0 : Math.max(0, (centre - halfWidth) / denominator);
  const hi = r === n ? 1 : Math.min(1, (centre + halfWidth) / denominator);
  return [lo, hi];
}
