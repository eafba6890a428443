import { journeyArm } from '../holdout/assignment';
import type { PolicyInForce } from '../policy';
import type { HoldoutPolicy } from '../policy/policyDocument';
import { parseDuration } from '../policy/duration';
import type { JourneyRegistration, JourneySettings, TriggerContext } from './journeyRegistration';
import { settingsOf } from './journeyRegistration';
import type { CustomerState } from '../customer/customerState';
import type { ActiveJourney, DeferredStart, JourneysState } from './journeysState';
import { dropDeferred, journeyWorkflowId } from './journeysState';

/** A journey to start: the customer workflow starts it as a child workflow with exactly this. */
export interface JourneyStart {
  journey: ActiveJourney;
  workflowType: string;
  /** Its registration's work class: the priority of its tasks on a backed-up queue. */
  work: JourneyRegistration['work'];
  trigger: unknown;
  settings: JourneySettings;
  policyVersion: number;
}

/** Why a triggered journey did not start, for the log. */
export interface JourneyNotStarted {
  name: string;
  reason: 'already_active' | 'reentry_too_soon';
}

export interface JourneyStartDecision {
  journeys: JourneysState;
  starts: JourneyStart[];
  notStarted: JourneyNotStarted[];
}

/**
 * Which journeys one event starts. A journey starts when it is enabled, its trigger fires, the customer is
 * not already in it (at most one active per customer per journey), and its re-entry rule allows it.
 */
export function decideJourneyStarts(
  registrations: readonly JourneyRegistration[],
  journeys: JourneysState,
  context: Omit<TriggerContext, 'settings'>,
  policy: PolicyInForce,
  now: number,
): JourneyStartDecision {
  let state = journeys;
  const starts: JourneyStart[] = [];
  const notStarted: JourneyNotStarted[] = [];
  for (const registration of registrations) {
    const settings = settingsOf(registration, policy);
    if (!settings.enabled) continue;
    const trigger = registration.trigger({ ...context, settings });
    if (trigger === undefined) continue;
    const decided = startIfAllowed(
      registration,
      state,
      { trigger, triggeredBy: context.event.id },
      context.after,
      policy,
      now,
    );
    state = decided.journeys;
    starts.push(...decided.starts);
    notStarted.push(...decided.notStarted);
  }
  return { journeys: state, starts, notStarted };
}

/**
 * Once a journey has ended: the trigger it deferred (one that fired while it was active) starts a new run
 * if its registration still wants it for the customer as they are now.
 */
export function decideDeferredStart(
  registrations: readonly JourneyRegistration[],
  journeys: JourneysState,
  name: string,
  customer: CustomerState,
  policy: PolicyInForce,
  now: number,
): JourneyStartDecision {
  const deferred = journeys.deferred?.[name];
  const registration = registrations.find((r) => r.name === name);
  const state = dropDeferred(journeys, name);
  if (!deferred || !registration?.startAfterEnd?.(deferred.trigger, customer)) {
    return { journeys: state, starts: [], notStarted: [] };
  }
  if (!settingsOf(registration, policy).enabled) return { journeys: state, starts: [], notStarted: [] };
  return startIfAllowed(registration, state, deferred, customer, policy, now);
}

function startIfAllowed(
  registration: JourneyRegistration,
  journeys: JourneysState,
  why: DeferredStart,
  customer: CustomerState,
  policy: PolicyInForce,
  now: number,
): JourneyStartDecision {
  const { name } = registration;
  if (journeys.active.some((j) => j.name === name)) {
    const state = registration.startAfterEnd
      ? { ...journeys, deferred: { ...journeys.deferred, [name]: why } }
      : journeys;
    return { journeys: state, starts: [], notStarted: [{ name, reason: 'already_active' }] };
  }
  const last = journeys.lastStartedAt[name];
  if (
    registration.reentryAfter !== undefined &&
    last !== undefined &&
    now - Date.parse(last) < parseDuration(registration.reentryAfter)
  ) {
    return { journeys, starts: [], notStarted: [{ name, reason: 'reentry_too_soon' }] };
  }
  const run = (journeys.runs[name] ?? 0) + 1;
  const startedAt = new Date(now).toISOString();
  // Drawn once, from the policy in force at the start: the run keeps its arm whatever the policy says later.
  // (A policy read before holdouts existed, as recorded histories hold, has none.)
  const holdout = policy.holdout as HoldoutPolicy | undefined;
  const arm = holdout && journeyArm(holdout, name, customer.workspace, customer.customerId);
  const journey: ActiveJourney = {
    journeyId: journeyWorkflowId(customer.workspace, customer.customerId, name, run),
    name,
    run,
    startedAt,
    triggeredBy: why.triggeredBy,
    ...(arm !== undefined ? { arm } : {}),
  };
  return {
    journeys: {
      ...journeys,
      active: [...journeys.active, journey],
      runs: { ...journeys.runs, [name]: run },
      lastStartedAt: { ...journeys.lastStartedAt, [name]: startedAt },
    },
    starts: [
      {
        journey,
        workflowType: registration.workflowType,
        work: registration.work,
        trigger: why.trigger,
        settings: settingsOf(registration, policy),
        policyVersion: policy.version,
      },
    ],
    notStarted: [],
  };
}
