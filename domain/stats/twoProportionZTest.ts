import { standardNormalCdf } from './normal';
import { checkArm } from './proportion';
import type { ArmCounts } from './proportion';

export interface ZTest {
  readonly z: number;
  /** Two-sided: the chance of a difference at least this large, either way, if the rates were equal. */
  readonly pValue: number;
}

/**
 * The pooled two-proportion z-test of p₁ = p₂, two-sided. Under that hypothesis both arms share one rate,
 * estimated from both together, and the standard error is taken at it:
 *
 *   p̄ = (x₁ + x₂) / (n₁ + n₂),   z = (p₁ − p₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)),   p = 2Φ(−|z|)
 *
 * z² is Pearson's χ² for the 2×2 table without continuity correction. Null when either arm has no
 * customers. When nobody or everybody converted in both arms the rates are equal and the standard error
 * is 0: z is 0 and p is 1.
 */
export function twoProportionZTest(first: ArmCounts, second: ArmCounts): ZTest | null {
  checkArm(first, 'first');
  checkArm(second, 'second');
  const { customers: n1, converted: x1 } = first;
  const { customers: n2, converted: x2 } = second;
  if (n1 === 0 || n2 === 0) return null;
  const difference = x1 / n1 - x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (difference === 0 || standardError === 0) return { z: 0, pValue: 1 };
  const z = difference / standardError;
  // 2Φ(−|z|) rather than 2(1 − Φ(|z|)): the upper tail of a large z is lost to rounding in 1 − Φ.
  return { z, pValue: Math.min(1, 2 * standardNormalCdf(-Math.abs(z))) };
}
