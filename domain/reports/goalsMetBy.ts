import type { CustomerEvent } from '../events/customerEvent';
import type { GoalPolicy } from '../policy/policyDocument';

/** The goals an event meets: its type is the goal's event and it has every property value the goal's `where` names. */
export function goalsMetBy(event: CustomerEvent, goals: Readonly<Record<string, GoalPolicy>>): string[] {
  return Object.entries(goals)
    .filter(
      ([, goal]) =>
        goal.event === event.type &&
        Object.entries(goal.where ?? {}).every(([property, value]) => event.properties[property] === value),
    )
    .map(([name]) => name);
}
