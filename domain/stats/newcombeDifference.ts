import { checkArm } from './proportion';
import type { ArmCounts, Interval } from './proportion';
import { wilsonInterval } from './wilsonInterval';

/**
 * Newcombe's hybrid score interval for p₁ − p₂ (Newcombe 1998, "Interval estimation for the difference
 * between independent proportions: comparison of eleven methods", Stat Med 17:873–890, method 10). Each
 * arm's Wilson interval [lᵢ, uᵢ] says how far its rate may plausibly sit below and above the estimate; the
 * difference's lower bound combines the first arm's room below with the second's room above, and the other
 * way round for the upper bound:
 *
 *   lower = (p₁ − p₂) − √((p₁ − l₁)² + (u₂ − p₂)²)
 *   upper = (p₁ − p₂) + √((u₁ − p₁)² + (p₂ − l₂)²)
 *
 * It keeps Wilson's good behaviour at 0 and 100 % and with small arms, where p̂₁ − p̂₂ ± z·SE does not.
 * Null when either arm has no customers.
 */
export function newcombeDifference(first: ArmCounts, second: ArmCounts, confidence = 0.95): Interval | null {
  checkArm(first, 'first');
  checkArm(second, 'second');
  const first95 = wilsonInterval(first, confidence);
  const second95 = wilsonInterval(second, confidence);
  if (first95 === null || second95 === null) return null;
  const p1 = first.converted / first.customers;
  const p2 = second.converted / second.customers;
  const [l1, u1] = first95;
  const [l2, u2] = second95;
  const difference = p1 - p2;
  // The bounds lie within [l₁ − u₂, u₁ − l₂] ⊆ [−1, 1] by the triangle inequality; the clamp only removes
  // a last-bit rounding error.
  const lo = Math.max(-1, difference - Math.hypot(p1 - l1, u2 - p2));
  const hi = Math.min(1, difference + Math.hypot(u1 - p1, p2 - l2));
  return [lo, hi];
}
