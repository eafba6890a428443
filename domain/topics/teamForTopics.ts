import type { TeamRoute } from '../policy/policyDocument';

/**
 * The team that hears about these topics: the owner (policy `teams`) of the first topic that has one, the
 * topics being given most important first (a case's most negative topic). None: the default destination.
 * One team, not every owner, so that a case has one owner and the alert's delivery one idempotent target.
 */
export function teamForTopics(topics: readonly string[], teams: readonly TeamRoute[]): TeamRoute | undefined {
  for (const topic of topics) {
    const owner = teams.find((team) => team.topics.includes(topic));
    if (owner) return owner;
  }
  return undefined;
}
