import type { UpliftScope } from './reportCounters';

/** A conversion as the timeline shows it: which goal, for which cohort, and the last send before it. */
export interface Conversion {
  goal: string;
  scope: UpliftScope;
  /** The journey run it converts (journey scope). */
  run?: number;
  /** The last message sent to the customer within the scope before the goal event (last touch). */
  messageId?: string;
}
