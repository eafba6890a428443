import type { PolicyInForce } from '../policy/policyDocument';
import { activeExclusions } from './exclusions';
import type { PendingContact } from './pendingContact';
import { isInQuietHours } from './quietHours';
import { categoryConsentOf, isUnreachable } from './reachability';
import type { SendConstraints } from './sendConstraints';
import { reservedWithinWindow, sentInWindow } from './sendConstraints';
import type { ContactContext, DecisionInputs } from './types';

export function describeInputs(
  ctx: ContactContext,
  pending: PendingContact,
  constraints: SendConstraints,
  policy: PolicyInForce,
  now: number,
): DecisionInputs {
  return {
    caps: constraints.caps.map((constraint) => ({
      name: constraint.cap.name,
      limit: constraint.cap.limit,
      window: constraint.cap.window,
      sentInWindow: sentInWindow(constraint, now),
      reservedAhead: reservedWithinWindow(constraint, now),
    })),
    openCases: ctx.openCases,
    ...(ctx.lastDisruptionAt !== undefined && { lastDisruptionAt: ctx.lastDisruptionAt }),
    ...(ctx.lastNegativeSentimentAt !== undefined && {
      lastNegativeSentimentAt: ctx.lastNegativeSentimentAt,
    }),
    activeExclusions: activeExclusions(ctx, policy, now),
    consent: ctx.consent[pending.channel] ?? 'opted_in',
    ...withCategoryConsent(categoryConsentOf(ctx, pending.channel, pending.category)),
    ...(isUnreachable(ctx, pending.channel) && { unreachable: true as const }),
    timeZone: constraints.timeZone,
    inQuietHours: isInQuietHours(now, constraints.timeZone, policy.quietHours),
    ...(pending.notBefore !== undefined && { notBefore: pending.notBefore }),
    expiresAt: pending.expiresAt,
  };
}

function withCategoryConsent(status: DecisionInputs['categoryConsent']): Partial<DecisionInputs> {
  return status === undefined ? {} : { categoryConsent: status };
}
