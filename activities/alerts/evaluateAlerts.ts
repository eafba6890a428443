import { HOUR_MS, hourOf, ruleHours } from '../../domain/alerts/alertRule';
import { alertSeries } from '../../domain/alerts/alertSeries';
import type { EvaluatedHours, FiringInterval } from '../../domain/alerts/firingIntervals';
import { firingIntervals } from '../../domain/alerts/firingIntervals';
import type { DurationText } from '../../domain/policy/duration';
import { counterFamily } from '../../domain/reports/reportCounters';
import type { Models } from '../../storage/models';
import { readCurrentPolicy } from '../../storage/policyStore';
import { readCounterTotals } from '../../storage/reportCounters';

export interface AlertsEvaluation {
  /** The policy's `alerts.every`: when the workflow evaluates next. */
  every: DurationText;
  hours: EvaluatedHours;
  intervals: FiringInterval[];
}

/**
 * The `evaluateAlerts` activity: reads the workspace's policy and topic counters and evaluates every rule at
 * every hour of the last two windows (the current, unfinished hour included), so that what counts that
 * arrived late — a past occurredAt, a worker outage — make fire is found on the next round. Reading the
 * counters again and evaluating again is harmless: the same counters give the same intervals.
 *
 * The counters are read from the earliest hour any of those evaluations looks at: the first evaluated hour's
 * window and the baseline before it (two windows plus the baseline back from now, less an hour).
 */
export function createEvaluateAlerts(models: Models, now: () => number = Date.now) {
  return async function evaluateAlerts(input: { workspace: string }): Promise<AlertsEvaluation> {
    const policy = await readCurrentPolicy(models, input.workspace);
    const last = hourOf(now());
    const rules = [ruleHours(policy.alerts.nssDrop), ruleHours(policy.alerts.topicSpike)];
    const evaluated = Math.max(...rules.map((r) => 2 * r.window));
    const first = last - (evaluated - 1) * HOUR_MS;
    const lookBack = Math.max(...rules.map((r) => r.window - 1 + r.baseline));
    const totals = await readCounterTotals(
      models,
      input.workspace,
      new Date(first - lookBack * HOUR_MS),
      new Date(last + HOUR_MS),
      counterFamily.topics,
    );
    const hours = { first, last };
    return {
      every: policy.alerts.every,
      hours,
      intervals: firingIntervals(alertSeries(totals), policy.alerts, hours),
    };
  };
}
