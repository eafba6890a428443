import type { PolicyInForce } from '../policy/policyDocument';
import { applyDecision } from './applyDecision';
import { compareRank, rankOf } from './rank';
import { redecideAtSendTime } from './redecideAtSendTime';
import type { ContactContext, ContactDecision, RoutedContactRequest, ScheduledContact } from './types';

export interface Redecision {
  message: ScheduledContact;
  decision: ContactDecision;
}

/**
 * Applies a decision and decides again every message it displaced, and every message those displaced in
 * turn. Taking them highest rank first means each is decided again at most once: a message can only be
 * displaced by one ranking above it, and those are all settled by the time its turn comes.
 */
export function settleDecision(
  ctx: ContactContext,
  subject: RoutedContactRequest | ScheduledContact,
  result: ContactDecision,
  messageId: string,
  policy: PolicyInForce,
  now: number,
): { ctx: ContactContext; redecided: Redecision[] } {
  let settled = applyDecision(ctx, subject, result, messageId, now);
  let waiting = ctx.scheduled.filter((m) => result.displaces.includes(m.messageId));
  const redecided: Redecision[] = [];
  while (waiting.length > 0) {
    const [message, ...rest] = [...waiting].sort((a, b) => compareRank(rankOf(a), rankOf(b)));
    const decision = redecideAtSendTime(settled, message, policy, now);
    const displacedNow = settled.scheduled.filter((m) => decision.displaces.includes(m.messageId));
    settled = applyDecision(settled, message, decision, message.messageId, now);
    redecided.push({ message, decision });
    waiting = [...rest, ...displacedNow.filter((m) => !rest.some((r) => r.messageId === m.messageId))];
  }
  return { ctx: settled, redecided };
}
