import type { Channel } from '../contact/types';

/**
 * The personalization defaults as plain literals, in a leaf module: workflow code imports them, and
 * domain/policy/defaultPolicy.ts, which calls `structuredClone` when it is loaded (unavailable in the workflow
 * sandbox), builds its `channels` and `sendTime` from them, so the two cannot drift.
 */

/** `channels.fallbackOrder`: the order "auto" takes when the customer's engagement says too little. */
export const DEFAULT_FALLBACK_ORDER: readonly Channel[] = ['email', 'push', 'sms'];

/** `sendTime.explorePercent`: the share of "optimal" messages sent at the requested time, to keep learning. */
export const DEFAULT_EXPLORE_PERCENT = 10;

/** `sendTime.priorStrength`: k of the shrinkage n / (n + k) (hourScores.ts). */
export const DEFAULT_PRIOR_STRENGTH = 5;
