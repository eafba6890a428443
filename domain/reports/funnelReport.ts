import type { HoldoutGroup } from '../holdout/assignment';
import { keyParts, STEP_METRICS } from './reportCounters';
import type { CounterTotals, StepMetric } from './reportCounters';
import { hourBuckets } from './sumOverHours';

/** One message step of a journey, over the runs that entered in the range. */
export type FunnelStep = { readonly step: string } & Record<StepMetric, number>;

export interface FunnelArm {
  /** Runs of the journey that began in the range. */
  readonly entered: number;
  /** Most reached first (ties by name): a funnel narrows along the journey's path. */
  readonly steps: readonly FunnelStep[];
  /** Runs that converted on the journey's goal. */
  readonly converted: number;
  /** Runs that ended, by reason (exit reason, completed journey's outcome, `failed`, `cancelled`). */
  readonly exits: Readonly<Record<string, number>>;
}

/** `GET /v1/reports/journeys/{name}/funnel` without journey, from and to. */
export interface FunnelReport {
  readonly arms: Readonly<Record<HoldoutGroup, FunnelArm>>;
}

interface ArmTally {
  entered: number;
  converted: number;
  exits: Map<string, number>;
  steps: Map<string, Record<StepMetric, number>>;
}

const ARMS: readonly HoldoutGroup[] = ['treatment', 'control'];

function isArm(value: string): value is HoldoutGroup {
  return (ARMS as readonly string[]).includes(value);
}

function isStepMetric(value: string): value is StepMetric {
  return (STEP_METRICS as readonly string[]).includes(value);
}

function emptyStep(): Record<StepMetric, number> {
  return Object.fromEntries(STEP_METRICS.map((metric) => [metric, 0])) as Record<StepMetric, number>;
}

/** Adds one funnel counter (`f|journey|arm|…`, already split) to the arm's tally. */
function tally(arm: ArmTally, rest: readonly string[], by: number): void {
  const [what, name, metric] = rest;
  if (what === 'entered' && rest.length === 1) arm.entered += by;
  else if (what === 'converted' && rest.length === 1) arm.converted += by;
  else if (what === 'exit' && rest.length === 2) arm.exits.set(name, (arm.exits.get(name) ?? 0) + by);
  else if (what === 'step' && rest.length === 3 && isStepMetric(metric)) {
    let step = arm.steps.get(name);
    if (step === undefined) arm.steps.set(name, (step = emptyStep()));
    step[metric] += by;
  }
}

/**
 * The journey's funnel per arm over the runs counted in the totals' hour buckets (runs that entered in
 * [from, to); what happened to a run later is counted on its entry hour). A step's `converted` is last-touch:
 * the conversions whose last send before the goal event was that step. Both arms are always there, with
 * zeros when the journey has no holdout or no run; a step appears once any of its counters moved.
 *
 * Steps are listed by `reached`, most first, then by name: the counters do not record the journey's path,
 * but each step is reached only by runs that reached the ones before it, so along a path the counts can
 * only fall. Branches of equal reach come out in name order.
 */
export function funnelReport(totals: CounterTotals, journey: string): FunnelReport {
  const tallies = Object.fromEntries(
    ARMS.map((arm) => [
      arm,
      { entered: 0, converted: 0, exits: new Map(), steps: new Map() } satisfies ArmTally,
    ]),
  ) as Record<HoldoutGroup, ArmTally>;
  for (const bucket of hourBuckets(totals)) {
    for (const [key, by] of Object.entries(totals[bucket])) {
      if (!key.startsWith('f|')) continue;
      const [, name, arm, ...rest] = keyParts(key);
      if (name !== journey || arm === undefined || !isArm(arm)) continue;
      tally(tallies[arm], rest, by);
    }
  }
  const armReport = ({ entered, converted, exits, steps }: ArmTally): FunnelArm => ({
    entered,
    steps: [...steps]
      .map(([step, metrics]) => ({ step, ...metrics }))
      .sort((a, b) => b.reached - a.reached || (a.step < b.step ? -1 : a.step > b.step ? 1 : 0)),
    converted,
    // From a Map: a reason named like an Object.prototype member (`__proto__`) is just a reason.
    exits: Object.fromEntries(exits),
  });
  return { arms: { treatment: armReport(tallies.treatment), control: armReport(tallies.control) } };
}
