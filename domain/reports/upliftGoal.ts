import type { JourneyRegistration } from '../journeys/journeyRegistration';
import { goalOf } from '../journeys/journeyRegistration';
import type { PolicyInForce } from '../policy/policyDocument';
import type { UpliftScope } from './reportCounters';

/** Journeys a workspace may have runs of: the registry's, and any the policy names. */
export function isKnownJourney(
  registrations: readonly JourneyRegistration[],
  policy: Pick<PolicyInForce, 'journeys'>,
  name: string,
): boolean {
  return registrations.some((j) => j.name === name) || Object.hasOwn(policy.journeys, name);
}

/**
 * The goal an uplift report of `scope` is read on when the caller names none: for a journey, the goal its
 * runs convert on (goalOf: its policy entry's, else its registration's default — as the customer workflow
 * counts it); else the policy's first goal. Undefined when the policy has no goal at all.
 */
export function defaultUpliftGoal(
  registrations: readonly JourneyRegistration[],
  policy: Pick<PolicyInForce, 'journeys' | 'goals'>,
  scope: UpliftScope,
): string | undefined {
  const journey = scope.startsWith('journey:') ? scope.slice('journey:'.length) : undefined;
  const registration = registrations.find((j) => j.name === journey);
  const own = registration
    ? goalOf(registration, policy)
    : journey !== undefined
      ? (policy.journeys as Record<string, { goal?: unknown } | undefined>)[journey]?.goal
      : undefined;
  if (typeof own === 'string' && Object.hasOwn(policy.goals, own)) return own;
  return Object.keys(policy.goals)[0];
}
