import { isScheduledContact } from './pendingContact';
import type { ContactContext, ContactDecision, RoutedContactRequest, ScheduledContact } from './types';

/**
 * The context after a decision: a sent message joins `sent`, a scheduled one the schedule (replacing its
 * earlier entry when it was already scheduled), and displaced messages leave the schedule until they are
 * decided again. A duplicate changes nothing.
 */
export function applyDecision(
  ctx: ContactContext,
  subject: RoutedContactRequest | ScheduledContact,
  result: ContactDecision,
  messageId: string,
  now: number,
): ContactContext {
  if (result.reason === 'duplicate') return ctx;
  const leaving = new Set([messageId, ...result.displaces]);
  const scheduled = ctx.scheduled.filter((m) => !leaving.has(m.messageId));
  const requestId = isScheduledContact(subject) ? subject.requestId : subject.id;
  const { channel, category, priority } = subject;

  switch (result.decision) {
    case 'sent':
      return {
        ...ctx,
        sent: [...ctx.sent, { messageId, requestId, channel, category, priority, sentAt: now }],
        scheduled,
      };
    case 'scheduled': {
      const requestedAt = isScheduledContact(subject) ? subject.requestedAt : now;
      const entry: ScheduledContact = {
        messageId,
        requestId,
        channel,
        category,
        priority,
        scheduledFor: result.scheduledFor,
        expiresAt: result.expiresAt,
        requestedAt,
      };
      return { ...ctx, scheduled: [...scheduled, entry] };
    }
    case 'suppressed':
      return { ...ctx, scheduled };
  }
}
