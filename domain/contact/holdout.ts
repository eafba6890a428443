import type { CustomerState } from '../customer/customerState';
import { globalGroup } from '../holdout/assignment';
import { journeyOfRequestId } from '../journeys/journeysState';
import type { HoldoutPolicy, PolicyInForce } from '../policy/policyDocument';
import type { Category, ContactDecision, HoldoutScope } from './types';

/**
 * The control group that holds this message back, if any (docs/DESIGN.md, holdouts). Categories the policy
 * exempts (transactional always) are never held out. A customer in the global control group gets no other
 * message; a journey's message is held back when its run was started in the journey's control arm (the arm
 * is drawn once, at the start, and kept on the run: see domain/journeys/decideJourneyStarts.ts).
 *
 * The global group is a function of the policy version in force: the same salt, the same group; a larger
 * percent only adds customers to control. Changing the salt draws everyone again, as a new policy version.
 */
export function holdoutFor(
  state: CustomerState,
  request: { id: string; category: Category },
  policy: PolicyInForce,
): HoldoutScope | undefined {
  // A policy read before holdouts existed (recorded histories replay those) holds nobody out.
  const holdout = policy.holdout as HoldoutPolicy | undefined;
  if (holdout === undefined || holdout.exemptCategories.includes(request.category)) return undefined;
  if (globalGroup(holdout, state.workspace, state.customerId) === 'control') return 'global';
  const journey = journeyOfRequestId(request.id);
  if (journey === undefined) return undefined;
  const run = state.journeys.active.find((j) => j.name === journey.name && j.run === journey.run);
  return run?.arm === 'control' ? `journey:${journey.name}` : undefined;
}

/**
 * What would have gone out (now or later) is suppressed with reason `holdout` instead, with every input
 * recorded, so that control is measured exactly as treatment is. A message refused anyway keeps its reason:
 * a `holdout` suppression always stands for a message that would have been sent.
 */
export function holdBack(decision: ContactDecision, scope: HoldoutScope | undefined): ContactDecision {
  if (scope === undefined || decision.decision === 'suppressed') return decision;
  return {
    decision: 'suppressed',
    reason: 'holdout',
    policyVersion: decision.policyVersion,
    displaces: [],
    inputs: { ...decision.inputs, holdout: scope },
  };
}
