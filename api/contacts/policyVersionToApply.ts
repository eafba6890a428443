import type { PolicyModels } from '../../storage/models/policy';
import { currentPolicyVersion } from '../../storage/policyStore';
import { dependencyOutage } from '../dependencyOutage';

/**
 * How long a contact request waits for the policy version in force before it goes on without one. Long
 * enough for a healthy store (milliseconds), short enough that a store restarting under load does not hold
 * decisions up.
 */
export const POLICY_VERSION_BUDGET_MS = 1_000;

/**
 * The policy version a contact request must be decided under: the one in force now, so a policy published a
 * moment ago applies to it whatever the customer's workflow has cached. When MongoDB cannot say within the
 * budget (down, restarting, overloaded), the request goes on without a version and the workflow decides under
 * the policy it holds — at most 30 s old, the same staleness its own cache allows. Decisions must not wait on
 * the read model's store; a request is never refused for this.
 */
export async function policyVersionToApply(
  models: PolicyModels,
  workspace: string,
  budgetMs = POLICY_VERSION_BUDGET_MS,
): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  try {
    return await Promise.race([currentPolicyVersion(models, workspace), outOfTime]);
  } catch (error) {
    if (dependencyOutage(error) === 'MongoDB') return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
