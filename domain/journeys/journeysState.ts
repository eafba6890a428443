import type { HoldoutGroup } from '../holdout/assignment';

/** A journey the customer is in right now, as the customer workflow remembers it. */
export interface ActiveJourney {
  /** The journey's workflow id: `journey:{workspace}:{customerId}:{name}:{n}`. */
  journeyId: string;
  name: string;
  /** The n-th time this customer entered this journey (1-based). */
  run: number;
  startedAt: string;
  /** The event that started it. */
  triggeredBy: string;
  /**
   * Its holdout arm, drawn when it started, for journeys the policy holds a share of (`holdout.journeys`);
   * absent otherwise. A run in `control` runs its steps and waits, but its marketing is held back.
   */
  arm?: HoldoutGroup;
}

/** How a journey ended, as it reports itself to the customer workflow. */
export type JourneyStatus = 'completed' | 'exited' | 'cancelled' | 'failed';

export interface JourneyEnded {
  journeyId: string;
  name: string;
  status: JourneyStatus;
  /** Why: an exit reason, an outcome, or a failure message. */
  reason: string;
  at: string;
}

/**
 * The journeys part of the customer's state. JSON-safe (records, not Maps) because it crosses
 * continue-as-new; bounded by the number of registered journeys.
 */
export interface JourneysState {
  active: ActiveJourney[];
  /** How many times the customer has entered each journey: the next run number. */
  runs: Record<string, number>;
  /** When the customer last entered each journey (ISO-8601), for re-entry rules. */
  lastStartedAt: Record<string, string>;
  /**
   * The latest trigger that fired while its journey was already active, by journey name, for journeys that
   * may start again for it once the active run ends (`JourneyRegistration.startAfterEnd`).
   */
  deferred?: Record<string, DeferredStart>;
}

export interface DeferredStart {
  trigger: unknown;
  triggeredBy: string;
}

export const emptyJourneysState: JourneysState = { active: [], runs: {}, lastStartedAt: {} };

export function journeyWorkflowId(workspace: string, customerId: string, name: string, run: number): string {
  return `journey:${workspace}:${customerId}:${name}:${run}`;
}

/** Contact request ids that start with this belong to journeys; clients may not use it. */
export const JOURNEY_REQUEST_ID_PREFIX = 'journey:';

/**
 * The prefix of every contact request id a journey run makes. Short (the ledger is per customer, so it
 * need not repeat the customer) because request ids are at most 128 characters.
 */
export function journeyRequestIdPrefix(name: string, run: number): string {
  return `${JOURNEY_REQUEST_ID_PREFIX}${name}:${run}:`;
}

/** The journey run a contact request id belongs to, if it was made by `journeyRequestIdPrefix`. */
export function journeyOfRequestId(requestId: string): { name: string; run: number } | undefined {
  if (!requestId.startsWith(JOURNEY_REQUEST_ID_PREFIX)) return undefined;
  const [name, run, ...step] = requestId.slice(JOURNEY_REQUEST_ID_PREFIX.length).split(':');
  return name && run && /^\d+$/.test(run) && step.length > 0 ? { name, run: Number(run) } : undefined;
}

/**
 * A journey's request that arrives after the journey ended (its call was still in flight when an exit event
 * ended it) must not send anything: the reason to send is gone.
 */
export function isRequestOfEndedJourney(state: JourneysState, requestId: string): boolean {
  const journey = journeyOfRequestId(requestId);
  if (!journey) return false;
  return !state.active.some((j) => j.name === journey.name && j.run === journey.run);
}

/** The customer workflow's bookkeeping once a journey reports its end. Unknown journeys change nothing. */
export function endJourney(state: JourneysState, ended: Pick<JourneyEnded, 'journeyId'>): JourneysState {
  if (!state.active.some((j) => j.journeyId === ended.journeyId)) return state;
  return { ...state, active: state.active.filter((j) => j.journeyId !== ended.journeyId) };
}

/** Forgets the deferred trigger of a journey (it was used, or is no longer wanted). */
export function dropDeferred(state: JourneysState, name: string): JourneysState {
  if (!state.deferred?.[name]) return state;
  const { [name]: _dropped, ...rest } = state.deferred;
  return { ...state, deferred: rest };
}

/**
 * The same journey under the next run number, when its id turned out to be taken already (the customer
 * workflow was reset, or recreated after a termination).
 */
export function renumberJourney(
  state: JourneysState,
  journey: ActiveJourney,
  customer: { workspace: string; customerId: string },
): { journeys: JourneysState; journey: ActiveJourney } {
  const run = journey.run + 1;
  const renumbered: ActiveJourney = {
    ...journey,
    run,
    journeyId: journeyWorkflowId(customer.workspace, customer.customerId, journey.name, run),
  };
  return {
    journey: renumbered,
    journeys: {
      ...state,
      active: state.active.map((j) => (j.journeyId === journey.journeyId ? renumbered : j)),
      runs: { ...state.runs, [journey.name]: Math.max(run, state.runs[journey.name] ?? 0) },
    },
  };
}

/** Journey names for the ActiveJourneys search attribute and the customer view, without repeats. */
export function activeJourneyNames(state: JourneysState): string[] {
  return [...new Set(state.active.map((j) => j.name))];
}
