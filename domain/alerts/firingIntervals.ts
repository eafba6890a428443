import type { AlertsPolicy } from '../policy/policyDocument';
import type { AlertSeries } from './alertSeries';
import { HOUR_MS, type AlertKind, type RuleEvaluation } from './alertRule';
import { evaluateNssDrop, evaluateTopicSpike } from './evaluateRules';

/**
 * A run of consecutive evaluated hours in which one rule fired (for topic_spike, about one topic). `end` is
 * the first hour it no longer fired; absent while it still fires at the last evaluated hour. The numbers are
 * those of the first hour, the one that opens an incident.
 */
export interface FiringInterval {
  kind: AlertKind;
  topic?: string;
  start: number;
  end?: number;
  evaluation: RuleEvaluation;
}

/** Hours evaluated in one round, `first` to `last` inclusive (epoch ms of their starts). */
export interface EvaluatedHours {
  first: number;
  last: number;
}

/**
 * Every rule at every hour of `hours`: nss_drop for the workspace, topic_spike for each topic with negative
 * mentions in the counters read (a topic renamed or dropped from the taxonomy still has its past counted).
 * Evaluating the same hours over the same counters gives the same intervals: a round can be repeated.
 */
export function firingIntervals(
  series: AlertSeries,
  alerts: Pick<AlertsPolicy, 'nssDrop' | 'topicSpike'>,
  hours: EvaluatedHours,
): FiringInterval[] {
  const intervals = runsOf('nss_drop', undefined, hours, (h) =>
    evaluateNssDrop(series.scored, h, alerts.nssDrop),
  );
  for (const topic of Object.keys(series.negativeMentions).sort()) {
    const byHour = series.negativeMentions[topic];
    intervals.push(
      ...runsOf('topic_spike', topic, hours, (h) => evaluateTopicSpike(byHour, h, alerts.topicSpike)),
    );
  }
  return intervals;
}

function runsOf(
  kind: AlertKind,
  topic: string | undefined,
  hours: EvaluatedHours,
  evaluate: (hour: number) => RuleEvaluation,
): FiringInterval[] {
  const runs: FiringInterval[] = [];
  let open: FiringInterval | undefined;
  for (let h = hours.first; h <= hours.last; h += HOUR_MS) {
    const evaluation = evaluate(h);
    if (evaluation.fires && !open) {
      open = { kind, ...(topic !== undefined ? { topic } : {}), start: h, evaluation };
      runs.push(open);
    } else if (!evaluation.fires && open) {
      open.end = h;
      open = undefined;
    }
  }
  return runs;
}
