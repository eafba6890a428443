import type { HoldoutGroup } from '../holdout/assignment';
import { parseDuration } from '../policy/duration';
import type { GoalPolicy, GoalWhere } from '../policy/policyDocument';
import type { UpliftScope } from './reportCounters';
import { counterKey, hourBucket } from './reportCounters';
import type { CohortEntry, Counted, ReportState } from './reportState';

/**
 * An uplift cohort entry, unless one of the same scope and goal is still open at `since` (for global and
 * campaign scopes: a customer re-enters only once the window of their last entry has closed, so that a
 * customer active every day is not counted every day). Journey runs always enter: each run is a unit.
 */
export function openEntry(
  report: ReportState,
  entry: {
    scope: UpliftScope;
    goal: string;
    goalPolicy: GoalPolicy;
    arm: HoldoutGroup;
    since: number;
    match?: GoalWhere;
    run?: number;
  },
): Counted {
  const { scope, goal, goalPolicy, arm, since, match, run } = entry;
  const isRun = run !== undefined;
  if (!isRun && report.entries.some((e) => e.scope === scope && e.goal === goal && e.until > since)) {
    return { report, increments: [] };
  }
  const bucket = hourBucket(since);
  const opened: CohortEntry = {
    scope,
    goal,
    arm,
    since,
    until: since + parseDuration(goalPolicy.within),
    bucket,
    ...(match !== undefined ? { match } : {}),
    ...(isRun ? { run } : {}),
  };
  return {
    report: { ...report, entries: [...report.entries, opened] },
    increments: [{ bucket, key: counterKey.cohortEntered(scope, goal, arm), by: 1 }],
  };
}
