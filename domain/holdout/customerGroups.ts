import type { HoldoutPolicy } from '../policy/policyDocument';
import type { HoldoutGroup } from './assignment';
import { globalGroup, journeyArm } from './assignment';

/** The customer's groups as `GET /v1/customers/{id}` shows them (docs/DESIGN.md, holdouts). */
export interface CustomerGroups {
  global: HoldoutGroup;
  /** Journey name → arm, for the journeys the policy holds a share of and the runs that drew an arm. */
  journeys: Record<string, HoldoutGroup>;
}

/**
 * The groups under the policy in force (`holdout`, absent before holdouts existed: nobody held out), with
 * the arm each active run drew at its start taking precedence over what a run starting now would draw.
 */
export function customerGroups(
  customer: { workspace: string; customerId: string },
  activeRuns: readonly { name: string; arm?: HoldoutGroup }[],
  holdout: HoldoutPolicy | undefined,
): CustomerGroups {
  const journeys: Record<string, HoldoutGroup> = {};
  for (const name of Object.keys(holdout?.journeys ?? {})) {
    const arm = journeyArm(holdout!, name, customer.workspace, customer.customerId);
    if (arm !== undefined) journeys[name] = arm;
  }
  for (const run of activeRuns) if (run.arm !== undefined) journeys[run.name] = run.arm;
  return {
    global: holdout ? globalGroup(holdout, customer.workspace, customer.customerId) : 'treatment',
    journeys,
  };
}
