import type { HoldoutPolicy } from '../policy/policyDocument';
import { murmurHash3 } from './murmurHash3';

/** Customers are split into this many buckets: a holdout percent is honoured in steps of 0.01. */
export const HOLDOUT_BUCKETS = 10_000;

export type HoldoutGroup = 'control' | 'treatment';

/**
 * The customer's bucket, 0..9999: MurmurHash3 x86-32 (seed 0) of the UTF-8 bytes of
 * `JSON.stringify([salt, workspace, customerId])`, modulo 10,000. The JSON array keeps the three apart
 * whatever they contain (`"a:b" + "c"` and `"a" + "b:c"` hash differently).
 */
export function holdoutBucket(salt: string, workspace: string, customerId: string): number {
  return murmurHash3(JSON.stringify([salt, workspace, customerId])) % HOLDOUT_BUCKETS;
}

/** In control when the bucket is below percent × 100: raising the percent only ever adds customers to it. */
export function groupOf(bucket: number, percent: number): HoldoutGroup {
  return bucket < Math.round(percent * 100) ? 'control' : 'treatment';
}

/** The customer's global group under the policy's holdout: control gets no marketing at all. */
export function globalGroup(holdout: HoldoutPolicy, workspace: string, customerId: string): HoldoutGroup {
  return groupOf(holdoutBucket(holdout.salt, workspace, customerId), holdout.globalPercent);
}

/** Each journey's arm is drawn with its own salt, so it does not follow the global group. */
export function journeySalt(salt: string, journey: string): string {
  return `${salt}:${journey}`;
}

/**
 * The arm a run of `journey` starting now is in, or undefined when the policy holds out no share of that
 * journey (a percent of 0 or none): then runs have no arm and everything goes on as before holdouts.
 */
export function journeyArm(
  holdout: HoldoutPolicy,
  journey: string,
  workspace: string,
  customerId: string,
): HoldoutGroup | undefined {
  const percent = Object.hasOwn(holdout.journeys, journey) ? holdout.journeys[journey] : undefined;
  if (percent === undefined || percent <= 0) return undefined;
  return groupOf(holdoutBucket(journeySalt(holdout.salt, journey), workspace, customerId), percent);
}
