import type { PolicyDocument } from '../policy/policyDocument';
import type { ContactContext, ScheduledContact } from './contactContext';
import type { ContactDecision } from './contactDecision';
import { decidePending } from './decidePending';
import { pendingFromScheduled } from './pendingContact';

/**
 * The decision for a scheduled message looked at again: when its timer fires, when it has been displaced, or
 * whenever the customer's state changed (a disruption, an opt-out, a new case). Everything is re-checked as
 * for a new request; if it may not go out now it is scheduled again, never earlier than its scheduled time,
 * or suppressed.
 */
export function redecideAtSendTime(
  ctx: ContactContext,
  message: ScheduledContact,
  policy: PolicyDocument,
  now: number,
): ContactDecision {
  return decidePending(ctx, pendingFromScheduled(message), policy, now);
}
