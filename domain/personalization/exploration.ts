import { murmurHash3 } from '../holdout/murmurHash3';

/** Shares are honoured in steps of 0.01 %, like holdouts (domain/holdout). */
const EXPLORE_BUCKETS = 10_000;

/**
 * Whether this message goes at its requested time instead of the customer's best hour. A learner that only
 * sends at the hour it believes best never sees the others: a small share sent as asked keeps the profile
 * learning. Decided by MurmurHash3 of the message id, so the same message always gets the same answer (in
 * replay, and when it is decided again), and about `share` of all messages explore.
 */
export function explores(seed: string, share: number): boolean {
  const bucket = murmurHash3(JSON.stringify(['sendAt:explore', seed])) % EXPLORE_BUCKETS;
  return bucket < Math.round(Math.min(1, Math.max(0, share)) * EXPLORE_BUCKETS);
}
