import type { PolicyDocument } from '../policy';
import { parseDuration } from '../policy/duration';
import type { JourneyRegistration, JourneySettings, TriggerContext } from './journeyRegistration';
import { settingsOf } from './journeyRegistration';
import type { ActiveJourney, JourneysState } from './journeysState';
import { journeyWorkflowId } from './journeysState';

/** A journey to start: the customer workflow starts it as a child workflow with exactly this. */
export interface JourneyStart {
  journey: ActiveJourney;
  workflowType: string;
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
  policy: PolicyDocument,
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
    const { name } = registration;
    if (state.active.some((j) => j.name === name)) {
      notStarted.push({ name, reason: 'already_active' });
      continue;
    }
    const last = state.lastStartedAt[name];
    if (
      registration.reentryAfter !== undefined &&
      last !== undefined &&
      now - Date.parse(last) < parseDuration(registration.reentryAfter)
    ) {
      notStarted.push({ name, reason: 'reentry_too_soon' });
      continue;
    }
    const run = (state.runs[name] ?? 0) + 1;
    const startedAt = new Date(now).toISOString();
    const journey: ActiveJourney = {
      journeyId: journeyWorkflowId(context.after.workspace, context.after.customerId, name, run),
      name,
      run,
      startedAt,
      triggeredBy: context.event.id,
    };
    state = {
      active: [...state.active, journey],
      runs: { ...state.runs, [name]: run },
      lastStartedAt: { ...state.lastStartedAt, [name]: startedAt },
    };
    starts.push({
      journey,
      workflowType: registration.workflowType,
      trigger,
      settings,
      policyVersion: policy.version,
    });
  }
  return { journeys: state, starts, notStarted };
}
