import type { PolicyInForce } from '../policy/policyDocument';
import { describeInputs } from './decisionInputs';
import { decidePending } from './decidePending';
import { pendingFromRequest } from './pendingContact';
import { sendConstraints } from './sendConstraints';
import type { ContactContext, ContactDecision, RoutedContactRequest } from './types';

/**
 * Whether a new contact request goes out now, later, or never. A request id the context already holds (sent
 * or scheduled) is `suppressed`/`duplicate`, so a replay can never send twice; answering a replay with its
 * original answer is the caller's job (it keeps the answers; the context forgets suppressed ones).
 */
export function decideContact(
  ctx: ContactContext,
  request: RoutedContactRequest,
  policy: PolicyInForce,
  now: number,
): ContactDecision {
  const pending = pendingFromRequest(request, now);
  const earlier =
    ctx.sent.find((c) => c.requestId === request.id) ?? ctx.scheduled.find((m) => m.requestId === request.id);
  if (earlier === undefined) return decidePending(ctx, pending, policy, now);
  const inputs = describeInputs(ctx, pending, sendConstraints(ctx, pending, policy, now), policy, now);
  return {
    decision: 'suppressed',
    reason: 'duplicate',
    policyVersion: policy.version,
    displaces: [],
    inputs: { ...inputs, duplicateOf: earlier.messageId },
  };
}
