import type { PolicyInForce } from '../policy/policyDocument';
import { decidePending } from './decidePending';
import { pendingFromScheduled } from './pendingContact';
import { compareRank, rankOf } from './rank';
import type { ContactContext, ContactDecision, ScheduledContact } from './types';

/**
 * The scheduled messages whose time has come, in the order they should be decided again: highest priority
 * first, then the earliest request. Deciding one can change the others (it may take their slot), so decide
 * and apply them one at a time, picking again after each.
 */
export function pickDueMessages(ctx: ContactContext, now: number): ScheduledContact[] {
  return ctx.scheduled.filter((m) => m.scheduledFor <= now).sort((a, b) => compareRank(rankOf(a), rankOf(b)));
}

/**
 * The decision for a scheduled message looked at again: when its timer fires, when it has been displaced, or
 * whenever the customer's state changed (a disruption, an opt-out, a new case). Everything is re-checked as
 * for a new request; if it may not go out now it is scheduled again, never earlier than its scheduled time,
 * or suppressed.
 */
export function redecideAtSendTime(
  ctx: ContactContext,
  message: ScheduledContact,
  policy: PolicyInForce,
  now: number,
): ContactDecision {
  return decidePending(ctx, pendingFromScheduled(message), policy, now);
}
