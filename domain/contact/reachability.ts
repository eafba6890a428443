import type { Category, Channel, ConsentStatus, ContactContext } from './types';

/**
 * A channel whose address hard-bounced: nothing goes out on it, transactional included, until the address
 * changes or the customer opts in on it again (domain/customer/engagement.ts keeps that state).
 */
export function isUnreachable(ctx: ContactContext, channel: Channel): boolean {
  return ctx.unreachable?.[channel] === true;
}

/** The customer's word on one category of one channel (an unsubscribe, a complaint), if any. */
export function categoryConsentOf(
  ctx: ContactContext,
  channel: Channel,
  category: Category,
): ConsentStatus | undefined {
  return ctx.categoryConsent?.[channel]?.[category];
}

/** Opted out of the channel, or of this category on it. A channel opt-out is total; a category one narrow. */
export function isOptedOut(ctx: ContactContext, channel: Channel, category: Category): boolean {
  return ctx.consent[channel] === 'opted_out' || categoryConsentOf(ctx, channel, category) === 'opted_out';
}
