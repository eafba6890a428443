import type { Ranked } from './rank';
import type { Category, Channel, RoutedContactRequest, ScheduledContact } from './types';
import { DEFAULT_EXPIRY_MS } from './types';

/** A message awaiting a decision, whether newly requested or already scheduled; expiry made explicit. */
export interface PendingContact extends Ranked {
  /** Set once it is scheduled, so that it does not count against its own slot. */
  messageId?: string;
  channel: Channel;
  category: Category;
  notBefore?: number;
  expiresAt: number;
}

export function pendingFromRequest(request: RoutedContactRequest, now: number): PendingContact {
  const eligibleFrom = Math.max(now, request.notBefore ?? now);
  return {
    requestId: request.id,
    priority: request.priority,
    requestedAt: now,
    channel: request.channel,
    category: request.category,
    ...(request.notBefore !== undefined && { notBefore: request.notBefore }),
    expiresAt: request.expiresAt ?? eligibleFrom + DEFAULT_EXPIRY_MS,
  };
}

/**
 * Its own `notBefore` was honoured when it was scheduled; looked at again, it may move later but never earlier
 * than its scheduled time, so that deciding again early (on a state change) cannot send it before its time.
 */
export function pendingFromScheduled(message: ScheduledContact): PendingContact {
  return {
    messageId: message.messageId,
    requestId: message.requestId,
    priority: message.priority,
    requestedAt: message.requestedAt,
    channel: message.channel,
    category: message.category,
    notBefore: message.scheduledFor,
    expiresAt: message.expiresAt,
  };
}

export function isScheduledContact(
  subject: RoutedContactRequest | ScheduledContact,
): subject is ScheduledContact {
  return 'messageId' in subject;
}

export function pendingFrom(subject: RoutedContactRequest | ScheduledContact, now: number): PendingContact {
  return isScheduledContact(subject) ? pendingFromScheduled(subject) : pendingFromRequest(subject, now);
}
