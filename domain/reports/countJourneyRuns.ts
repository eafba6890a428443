import type { JourneyEnded } from '../journeys/journeysState';
import type { HoldoutGroup } from '../holdout/assignment';
import type { GoalPolicy, GoalWhere } from '../policy/policyDocument';
import { openEntry } from './cohortEntries';
import type { CounterIncrement } from './reportCounters';
import { counterKey, hourBucket } from './reportCounters';
import type { Counted, ReportState } from './reportState';

export interface RunStarted {
  journey: string;
  run: number;
  /** Its holdout arm; a run of a journey without a control arm counts as treatment. */
  arm?: HoldoutGroup;
  /** Epoch ms the run entered: when the event that started it happened (its funnel's and cohort's hour). */
  enteredAt: number;
  /** The goal it converts on (its policy entry's, else its registration's default), if the policy has it. */
  goal?: string;
  /** Property values its goal event must not contradict. */
  match?: GoalWhere;
}

/**
 * A journey run entered: counted in its funnel and, for every goal, as a unit of the journey's uplift cohort
 * (so the report can be read for any goal; the journey's own goal is the default).
 */
export function countJourneyStarted(
  report: ReportState,
  started: RunStarted,
  goals: Readonly<Record<string, GoalPolicy>>,
): Counted {
  const arm = started.arm ?? 'treatment';
  const bucket = hourBucket(started.enteredAt);
  const increments: CounterIncrement[] = [
    { bucket, key: counterKey.funnelEntered(started.journey, arm), by: 1 },
  ];
  let next: ReportState = {
    ...report,
    runs: [
      ...report.runs,
      {
        journey: started.journey,
        run: started.run,
        arm,
        bucket,
        startedAt: started.enteredAt,
        ...(started.goal !== undefined ? { goal: started.goal } : {}),
        reached: [],
      },
    ],
  };
  for (const [goal, goalPolicy] of Object.entries(goals)) {
    const opened = openEntry(next, {
      scope: `journey:${started.journey}`,
      goal,
      goalPolicy,
      arm,
      since: started.enteredAt,
      run: started.run,
      ...(goal === started.goal && started.match !== undefined ? { match: started.match } : {}),
    });
    next = opened.report;
    increments.push(...opened.increments);
  }
  return { report: next, increments };
}

/**
 * A run ended: its exit counted once, by reason (a completed run's outcome, an exit reason; `failed` and
 * `cancelled` by status, since their reasons are error texts).
 */
export function countJourneyEnded(report: ReportState, ended: JourneyEnded): Counted {
  const run = report.runs.find(
    (r) => !r.ended && r.journey === ended.name && ended.journeyId.endsWith(`:${r.journey}:${r.run}`),
  );
  if (!run) return { report, increments: [] };
  const reason = ended.status === 'completed' || ended.status === 'exited' ? ended.reason : ended.status;
  return {
    report: { ...report, runs: report.runs.map((r) => (r === run ? { ...r, ended: true } : r)) },
    increments: [{ bucket: run.bucket, key: counterKey.funnelExit(run.journey, run.arm, reason), by: 1 }],
  };
}
