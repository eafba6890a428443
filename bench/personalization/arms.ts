import { HOLDOUT_BUCKETS, holdoutBucket } from '../../domain/holdout';
import { WORKSPACE } from './campaign';

/**
 * What each arm decides for a campaign message. `fixed` is the control: the campaign's time and email.
 * `oracle` knows the true model and gives the ceiling.
 */
export const ARMS = ['fixed', 'optimal-time', 'auto-channel', 'optimal-time+auto-channel', 'oracle'] as const;
export type Arm = (typeof ARMS)[number];

export const TREATMENTS = ARMS.filter((arm) => arm !== 'fixed');

export function choosesTime(arm: Arm): boolean {
  return arm === 'optimal-time' || arm === 'optimal-time+auto-channel';
}

export function choosesChannel(arm: Arm): boolean {
  return arm === 'auto-channel' || arm === 'optimal-time+auto-channel';
}

/**
 * The customer's arm, drawn as the product draws holdout groups: the bucket of MurmurHash3 over the salt,
 * the workspace and the customer id (domain/holdout), the 10,000 buckets cut into equal ranges, one per arm.
 * The salt carries the seed, so another seed deals the customers out anew.
 */
export function armOf(customerId: string, seed: string): Arm {
  const bucket = holdoutBucket(`personalization-sim:${seed}`, WORKSPACE, customerId);
  return ARMS[Math.floor((bucket * ARMS.length) / HOLDOUT_BUCKETS)];
}
