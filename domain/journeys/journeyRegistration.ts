import type { CustomerState } from '../customer/customerState';
import type { z } from 'zod';
import type { WorkClass } from '../contact/taskPriority';
import type { GoalWhere } from '../policy/policyDocument';
import type { JourneyEvent } from './journeyEvent';

/** Settings a journey runs with: its entry in the policy document's `journeys`. */
export interface JourneySettings {
  enabled: boolean;
  /** The goal (a name in the policy's `goals`) its runs convert on. */
  goal?: string;
}

/** What a trigger looks at: one event, and the customer just before and just after it was applied. */
export interface TriggerContext<S extends JourneySettings = JourneySettings> {
  event: JourneyEvent;
  before: CustomerState;
  after: CustomerState;
  settings: S;
}

/**
 * Decides whether an event starts the journey. Pure. Returns what the journey needs to know about why it
 * started (JSON), or undefined for "not this event".
 */
export type JourneyTrigger<T, S extends JourneySettings = JourneySettings> = (
  context: TriggerContext<S>,
) => T | undefined;

/**
 * One registration line: which workflow runs the journey, which events start it, what settings it takes and
 * when it may start again.
 */
export interface JourneyRegistration {
  /** The journey's name: in workflow ids, the ActiveJourneys search attribute and the policy's `journeys`. */
  name: string;
  /** The workflow type: the name of the function workflows/index.ts exports (a test holds them together). */
  workflowType: string;
  /**
   * Whose work its runs are: their workflow and activity tasks take that class's priority on a backed-up task
   * queue (domain/contact/taskPriority.ts). Service recovery answers a complaint; the rest are marketing.
   */
  work: Exclude<WorkClass, 'transactional'>;
  // Method syntax on purpose: each journey's trigger takes its own settings type.
  trigger(context: TriggerContext): unknown;
  /**
   * Its settings (journeySettings.ts): validated as `policy.journeys[name]` when a policy is published. A
   * journey the policy does not name is off (`{ enabled: false }`), so a new journey ships dark until the
   * policy turns it on.
   */
  settings: z.ZodType<JourneySettings>;
  /**
   * Re-entry: how long after the customer last entered this journey they may enter it again (a policy
   * duration such as "30d"). Default: as soon as the previous run has ended. A customer is never in the
   * same journey twice at once.
   */
  reentryAfter?: string;
  /**
   * A trigger that fires while the journey is already active is dropped, unless this says it should still
   * start a new run once the active one ends (checked then, against the customer's state at that time).
   * Service recovery uses it: a complaint that ends a recovery (after resolution) opens a new case that
   * deserves its own.
   */
  startAfterEnd?(trigger: unknown, state: CustomerState): boolean;
  /** The goal its runs convert on when its policy entry names none (a policy stored before goals). */
  defaultGoal?: string;
  /**
   * Property values a run's goal event must not contradict, from what started it: cart recovery converts on a
   * purchase of its cart (or one that names no cart), not of another.
   */
  conversionMatch?(trigger: unknown): GoalWhere | undefined;
}

/** The goal a run of this journey converts on under the policy: its entry's, else the default, if the policy has it. */
export function goalOf(
  registration: JourneyRegistration,
  policy: { journeys: object; goals: Record<string, unknown> },
): string | undefined {
  const goal = settingsOf(registration, policy).goal ?? registration.defaultGoal;
  return goal !== undefined && Object.hasOwn(policy.goals, goal) ? goal : undefined;
}

/** The journey's entry in the policy, as published (the policy was validated then), or off. */
export function settingsOf(registration: JourneyRegistration, policy: { journeys: object }): JourneySettings {
  const fromPolicy = (policy.journeys as Record<string, JourneySettings | undefined>)[registration.name];
  return fromPolicy ?? { enabled: false };
}
