import type { JourneyRegistration } from '../journeys/journeyRegistration';
import { goalOf } from '../journeys/journeyRegistration';
import type { ActiveJourney, JourneyEnded } from '../journeys/journeysState';
import type { HoldoutGroup } from '../holdout/assignment';
import type { GoalPolicy, GoalWhere, PolicyInForce } from '../policy/policyDocument';
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
 * What the reports need of a run that has started (the active journey, which may have taken another run
 * number than asked): it enters when the event that started it happened (`triggerAt`), or when it started if
 * that event claims a later time; it converts on its journey's goal (goalOf) with the registration's match
 * (cart recovery's cart).
 */
export function runStartedOf(
  journey: ActiveJourney,
  registrations: readonly JourneyRegistration[],
  policy: Pick<PolicyInForce, 'journeys' | 'goals'>,
  trigger: unknown,
  triggerAt?: string,
): RunStarted {
  const registration = registrations.find((r) => r.name === journey.name);
  const goal = registration && goalOf(registration, policy);
  const match = registration?.conversionMatch?.(trigger);
  const startedAt = Date.parse(journey.startedAt);
  const enteredAt = triggerAt !== undefined ? Math.min(Date.parse(triggerAt), startedAt) : startedAt;
  return {
    journey: journey.name,
    run: journey.run,
    ...(journey.arm !== undefined ? { arm: journey.arm } : {}),
    enteredAt,
    ...(goal !== undefined ? { goal } : {}),
    ...(match !== undefined ? { match } : {}),
  };
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
