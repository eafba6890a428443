import type { EngagementProfile } from './engagementProfile';
import { HOURS_OF_WEEK } from './hourOfWeek';

/**
 * The workspace's engagement, the prior a customer with little history is shrunk toward: the same shape as a
 * customer's profile, summed over customers. A workflow cannot read other customers, so it is an input,
 * to be read from the workspace's counters; `uniformWorkspaceProfile` is the fallback when there are none.
 */
export type WorkspaceProfile = Pick<EngagementProfile, 'hours' | 'channels'>;

/** No workspace data: every hour of the week alike (the choice then falls to the earliest allowed hour). */
export function uniformWorkspaceProfile(): WorkspaceProfile {
  return { hours: new Array<number>(HOURS_OF_WEEK).fill(1), channels: {} };
}
