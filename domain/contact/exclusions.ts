import { parseDuration } from '../policy/duration';
import type { PolicyInForce } from '../policy/policyDocument';
import type { Category, ContactContext, ExclusionReason } from './types';
import { isMarketing } from './types';

/**
 * The exclusions holding at `now`, the most specific cause first: a disruption (it also opens a case, so the
 * case would otherwise hide the reason ops and the customer's story need), then an open case, then sentiment.
 */
export function activeExclusions(ctx: ContactContext, policy: PolicyInForce, now: number): ExclusionReason[] {
  const { exclusions } = policy;
  const active: ExclusionReason[] = [];
  if (within(ctx.lastDisruptionAt, parseDuration(exclusions.disruptionWindow), now))
    active.push('disruption');
  if (exclusions.openCase && ctx.openCases > 0) active.push('open_case');
  if (within(ctx.lastNegativeSentimentAt, parseDuration(exclusions.negativeSentimentWindow), now)) {
    active.push('negative_sentiment');
  }
  return active;
}

/** The exclusion that suppresses this category now, if any; service and transactional are never excluded. */
export function exclusionFor(
  ctx: ContactContext,
  category: Category,
  policy: PolicyInForce,
  now: number,
): ExclusionReason | undefined {
  if (!isMarketing(category) || !policy.exclusions.categories.includes(category)) return undefined;
  return activeExclusions(ctx, policy, now)[0];
}

/** A fact dated after `now` (clock skew between sources) counts as just happened. */
function within(at: number | undefined, windowMs: number, now: number): boolean {
  return at !== undefined && now - at < windowMs;
}
