import type { ArmCounts, Interval } from '../stats';
import { upliftStatistics } from '../stats';
import type { HoldoutGroup } from '../holdout/assignment';
import { counterKey } from './reportCounters';
import type { CounterTotals, UpliftScope } from './reportCounters';
import { sumOverHours } from './sumOverHours';

export interface UpliftArm {
  /** Cohort entries of the arm in the range (journey runs, campaigns' first requests, customers' first events). */
  readonly customers: number;
  /** Of those, the entries that converted on the goal within its window. */
  readonly converted: number;
  /** converted / customers; null for an arm with no entries. */
  readonly rate: number | null;
}

/** `GET /v1/reports/uplift` without scope, goal, from and to (docs/DESIGN.md, "Reports"; docs/REPORTS.md). */
export interface UpliftReport {
  readonly treatment: UpliftArm;
  readonly control: UpliftArm;
  readonly absoluteLift: { readonly value: number | null; readonly ci95: Interval | null };
  readonly relativeLift: { readonly value: number | null; readonly ci95: Interval | null };
  readonly pValue: number | null;
  readonly incrementalConversions: number | null;
  readonly significant: boolean;
}

function armCounts(totals: CounterTotals, scope: UpliftScope, goal: string, arm: HoldoutGroup): ArmCounts {
  return {
    customers: sumOverHours(totals, counterKey.cohortEntered(scope, goal, arm)),
    converted: sumOverHours(totals, counterKey.cohortConverted(scope, goal, arm)),
  };
}

/**
 * Treatment against control for one scope and goal: the cohort is every entry counted in the totals' hour
 * buckets (entries in [from, to); a conversion days later is counted on its entry's hour), and the numbers
 * are domain/stats' upliftStatistics of the two arms. An arm with no entries gives nulls, not zeros.
 */
export function upliftReport(totals: CounterTotals, scope: UpliftScope, goal: string): UpliftReport {
  const stats = upliftStatistics(
    armCounts(totals, scope, goal, 'treatment'),
    armCounts(totals, scope, goal, 'control'),
  );
  const arm = ({ customers, converted, rate }: UpliftArm): UpliftArm => ({ customers, converted, rate });
  return {
    treatment: arm(stats.treatment),
    control: arm(stats.control),
    absoluteLift: stats.absoluteLift,
    relativeLift: stats.relativeLift,
    pValue: stats.pValue,
    incrementalConversions: stats.incrementalConversions,
    significant: stats.significant,
  };
}
