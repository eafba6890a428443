import type { PolicyInForce } from '../policy/policyDocument';
import { pendingFrom } from './pendingContact';
import { searchSendTime, sendConstraints } from './sendConstraints';
import type { ContactContext, RoutedContactRequest, ScheduledContact } from './types';

/**
 * The earliest instant at or after `from` (and its `notBefore`) at which quiet hours and every cap allow the
 * message, counting scheduled messages that rank above it as taking their slots; undefined if there is none
 * before `until` (by default its expiry). Consent and exclusions are not looked at: they do not pass with
 * time in a way this function could know.
 */
export function nextAllowedTime(
  ctx: ContactContext,
  subject: RoutedContactRequest | ScheduledContact,
  policy: PolicyInForce,
  from: number,
  until?: number,
): number | undefined {
  const pending = pendingFrom(subject, from);
  const start = Math.max(from, pending.notBefore ?? from);
  return searchSendTime(sendConstraints(ctx, pending, policy, from), start, until ?? pending.expiresAt).at;
}
