import type { PolicyInForce } from '../policy/policyDocument';
import { describeInputs } from './decisionInputs';
import { findDisplaced } from './displacement';
import { exclusionFor } from './exclusions';
import type { PendingContact } from './pendingContact';
import { isOptedOut, isUnreachable } from './reachability';
import type { Blocker } from './sendConstraints';
import { searchSendTime, sendConstraints } from './sendConstraints';
import type { ContactContext, ContactDecision, DecisionInputs, ReasonCode } from './types';
import { isMarketing } from './types';

/**
 * The one decision procedure behind new requests and scheduled messages alike. Outright refusals come first
 * (an unreachable channel, expiry, consent, exclusions), then timing: marketing waits for the earliest allowed instant before it
 * expires; service and transactional either go at their time or not at all.
 */
export function decidePending(
  ctx: ContactContext,
  pending: PendingContact,
  policy: PolicyInForce,
  now: number,
): ContactDecision {
  const constraints = sendConstraints(ctx, pending, policy, now);
  const inputs = describeInputs(ctx, pending, constraints, policy, now);
  const suppressed = (reason: ReasonCode) => suppression(reason, policy, inputs);

  // A hard-bounced address is refused for every category: a message to it cannot arrive.
  if (isUnreachable(ctx, pending.channel)) return suppressed('unreachable');
  if (pending.expiresAt <= now) return suppressed('expired');
  if (isOptedOut(ctx, pending.channel, pending.category) && pending.category !== 'transactional') {
    return suppressed('opted_out');
  }
  const exclusion = exclusionFor(ctx, pending.category, policy, now);
  if (exclusion) return suppressed(exclusion);

  const earliest = Math.max(now, pending.notBefore ?? now);
  // Only marketing is worth holding back for a free slot; the others are looked at just at their own time.
  const until = isMarketing(pending.category) ? pending.expiresAt : Math.min(earliest + 1, pending.expiresAt);
  const search = searchSendTime(constraints, earliest, until);
  if (search.at === undefined) return suppressed(reasonForGivingUp(search.lastBlocker));

  const base = {
    policyVersion: policy.version,
    displaces: findDisplaced(ctx, pending, search.at, policy, now),
    inputs,
  };
  if (search.at === now) return { decision: 'sent', reason: 'ok', ...base };
  // Name what held it back; a message that only waits for its own time waits for `not_before`.
  const reason: ReasonCode = search.firstBlocker?.reason ?? 'not_before';
  return { decision: 'scheduled', reason, scheduledFor: search.at, expiresAt: pending.expiresAt, ...base };
}

/** Quiet hours do not refuse a message, they delay it: one that cannot outwait them has expired. */
function reasonForGivingUp(lastBlocker: Blocker | undefined): ReasonCode {
  if (lastBlocker === undefined || lastBlocker.reason === 'quiet_hours') return 'expired';
  return lastBlocker.reason;
}

function suppression(reason: ReasonCode, policy: PolicyInForce, inputs: DecisionInputs): ContactDecision {
  return { decision: 'suppressed', reason, policyVersion: policy.version, displaces: [], inputs };
}
