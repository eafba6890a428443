import { parseDuration } from './duration';
import type { PolicyDocument } from './policyDocument';

/** How far back the contact ledger must reach for every cap of this policy to be counted correctly. */
export function longestCapWindowMs(policy: Pick<PolicyDocument, 'caps'>): number {
  return policy.caps.reduce((longest, cap) => Math.max(longest, parseDuration(cap.window)), 0);
}
