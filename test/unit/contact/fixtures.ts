import { DateTime } from 'luxon';
import type {
  ContactContext,
  RoutedContactRequest,
  ScheduledContact,
  SentContact,
} from '../../../domain/contact';
import { emptyContactContext } from '../../../domain/contact';
import type { PolicyDocument } from '../../../domain/policy';
import { defaultPolicy } from '../../../domain/policy';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 24 * HOUR;

/** Epoch ms of a local wall-clock time, e.g. at('2024-03-10T12:00', 'America/New_York'). */
export function at(localIso: string, zone = 'UTC'): number {
  const time = DateTime.fromISO(localIso, { zone });
  if (!time.isValid) throw new Error(`bad fixture time ${localIso}`);
  return time.toMillis();
}

export function localTime(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");
}

export function request(overrides: Partial<RoutedContactRequest> = {}): RoutedContactRequest {
  return { id: 'req-1', channel: 'email', category: 'promotion', priority: 50, ...overrides };
}

export function context(overrides: Partial<ContactContext> = {}): ContactContext {
  return { ...emptyContactContext, ...overrides };
}

export function sent(overrides: Partial<SentContact> & { sentAt: number }): SentContact {
  return {
    messageId: `m-sent-${overrides.sentAt}`,
    requestId: `r-sent-${overrides.sentAt}`,
    channel: 'email',
    category: 'newsletter',
    priority: 50,
    ...overrides,
  };
}

export function scheduled(overrides: Partial<ScheduledContact> & { scheduledFor: number }): ScheduledContact {
  return {
    messageId: `m-sched-${overrides.scheduledFor}`,
    requestId: `r-sched-${overrides.scheduledFor}`,
    channel: 'email',
    category: 'newsletter',
    priority: 50,
    expiresAt: overrides.scheduledFor + DAY,
    requestedAt: overrides.scheduledFor - HOUR,
    ...overrides,
  };
}

/** The default policy with some parts replaced, for tests that need one rule on its own. */
export function policyWith(overrides: Partial<PolicyDocument>): PolicyDocument {
  return { ...defaultPolicy, ...overrides };
}
