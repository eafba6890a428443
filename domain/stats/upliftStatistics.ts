import { newcombeDifference } from './newcombeDifference';
import { checkArm, conversionRate } from './proportion';
import type { ArmCounts, Interval } from './proportion';
import { relativeLift } from './relativeLift';
import type { RelativeLift } from './relativeLift';
import { twoProportionZTest } from './twoProportionZTest';
import { wilsonInterval } from './wilsonInterval';

export interface ArmSummary extends ArmCounts {
  /** converted / customers; null for an arm with no customers. */
  readonly rate: number | null;
  /** Wilson score interval for the rate; null for an arm with no customers. */
  readonly ci95: Interval | null;
}

/**
 * The statistics of `GET /v1/reports/uplift` (docs/DESIGN.md, "Reports"); the route adds scope, goal,
 * from and to. docs/STATISTICS.md says what each number means.
 */
export interface UpliftStatistics {
  readonly treatment: ArmSummary;
  readonly control: ArmSummary;
  /** p_t − p_c with Newcombe's hybrid score interval. */
  readonly absoluteLift: { readonly value: number | null; readonly ci95: Interval | null };
  readonly relativeLift: RelativeLift;
  /** Pooled two-proportion z-test, two-sided. */
  readonly pValue: number | null;
  /** Absolute lift × treatment customers: the conversions the treatment added. Not rounded. */
  readonly incrementalConversions: number | null;
  /** The absolute lift's 95 % interval excludes 0. */
  readonly significant: boolean;
}

function summarise(counts: ArmCounts): ArmSummary {
  const { customers, converted } = counts;
  return { customers, converted, rate: conversionRate(counts), ci95: wilsonInterval(counts) };
}

/**
 * Treatment against control at 95 %. `significant` follows the interval, not the p-value, so that the
 * verdict never contradicts the interval printed beside it. The two rules agree except for results near
 * the threshold (p roughly 0.035 to 0.051), where they use different standard errors: docs/STATISTICS.md.
 */
export function upliftStatistics(treatment: ArmCounts, control: ArmCounts): UpliftStatistics {
  checkArm(treatment, 'treatment');
  checkArm(control, 'control');
  const treatmentSummary = summarise(treatment);
  const controlSummary = summarise(control);
  const difference =
    treatmentSummary.rate === null || controlSummary.rate === null
      ? null
      : treatmentSummary.rate - controlSummary.rate;
  const ci95 = newcombeDifference(treatment, control);
  return {
    treatment: treatmentSummary,
    control: controlSummary,
    absoluteLift: { value: difference, ci95 },
    relativeLift: relativeLift(treatment, control),
    pValue: twoProportionZTest(treatment, control)?.pValue ?? null,
    incrementalConversions: difference === null ? null : difference * treatment.customers,
    significant: ci95 !== null && (ci95[0] > 0 || ci95[1] < 0),
  };
}
