import type { z } from 'zod';
import type { Channel, ContactAnswer } from '../contact/types';
import { ADDRESS_TRAITS } from '../customer/engagement';
import { engagementPropertiesOf } from '../events/engagement';
import type { CartRecoveryJourneyPolicy } from '../policy/policyDocument';
import { duration } from '../policy/settingFields';
import type { JourneyEvent } from './journeyEvent';
import type { JourneyTrigger } from './journeyRegistration';
import { journeySettings } from './journeySettings';

/** `journeys.cartRecovery` in the policy document. */
export const cartRecoverySettings: z.ZodType<CartRecoveryJourneyPolicy> = journeySettings({
  /** How long after the cart is abandoned the first reminder is asked for. */
  firstReminderAfter: duration('zero'),
  /** How long after that a reminder on a second channel is asked for, if the cart is still open. */
  secondChannelAfter: duration('zero'),
});
export type CartRecoverySettings = CartRecoveryJourneyPolicy;

export interface CartRecoveryTrigger {
  cartId: string;
  /** The cart's items as the event gave them, for the reminder's content. */
  items?: unknown;
}

/** A cart_abandoned event that names its cart starts cart recovery for that cart. */
export const cartRecoveryTrigger: JourneyTrigger<CartRecoveryTrigger, CartRecoverySettings> = ({ event }) => {
  if (event.type !== 'cart_abandoned') return undefined;
  const { cartId, items } = event.properties;
  if (typeof cartId !== 'string' || cartId.length === 0) return undefined;
  return { cartId, ...(items !== undefined ? { items } : {}) };
};

/**
 * A purchase of this cart ends cart recovery at once. A purchase that names no cart (docs/DESIGN.md's example is
 * `{ orderId, amount }`) is taken as the checkout of the open cart; one that names another cart is not.
 */
export function purchasesCart(event: JourneyEvent, cartId: string): boolean {
  if (event.type !== 'purchase') return false;
  const bought = event.properties.cartId;
  return bought === undefined || bought === cartId;
}

/** Cart recovery converts on a purchase of its own cart: a purchase naming another cart is not its conversion. */
export function cartOfTrigger(trigger: unknown): { cartId: string } | undefined {
  const cartId = (trigger as Partial<CartRecoveryTrigger> | undefined)?.cartId;
  return typeof cartId === 'string' ? { cartId } : undefined;
}

/** A person — not a privacy proxy or a link scanner — opened or clicked the message `messageId`. */
export function personEngagedWith(event: JourneyEvent, messageId: string): boolean {
  if (event.type !== 'engagement') return false;
  const engagement = engagementPropertiesOf(event.properties);
  return (
    engagement?.messageId === messageId &&
    (engagement.action === 'opened' || engagement.action === 'clicked') &&
    engagement.machine !== true
  );
}

/**
 * How cart recovery's second step goes out (the seed: "if Sarah doesn't open the email"): a customer who opened
 * or clicked the first reminder reads that channel, so the follow-up goes there too; one who did not — or
 * never got it — hears on the channel they engage with most among the others that reach a person ("auto" with
 * those candidates). When none of those reaches the customer, `fallback` is the first reminder's channel.
 */
export type CartFollowUp =
  | { channel: Channel; why: 'reminder_opened' }
  | { channel: 'auto'; candidates: Channel[]; fallback: Channel; why: 'reminder_not_opened' };

export function cartFollowUp(reminderChannel: Channel, reminderOpened: boolean): CartFollowUp {
  if (reminderOpened) return { channel: reminderChannel, why: 'reminder_opened' };
  const candidates = (Object.keys(ADDRESS_TRAITS) as Channel[]).filter((c) => c !== reminderChannel);
  return { channel: 'auto', candidates, fallback: reminderChannel, why: 'reminder_not_opened' };
}

/**
 * Whether the "auto" follow-up's answer leaves the customer unreached for want of a channel (none of the others
 * has an address, or they all opted out), so the follow-up goes on the reminder's own channel after all. Any
 * other suppression (an open case, a cap, a holdout) holds for every channel and is respected.
 */
export function followUpNeedsFallback(answer: Pick<ContactAnswer, 'decision' | 'reason'>): boolean {
  return (
    answer.decision === 'suppressed' && (answer.reason === 'unreachable' || answer.reason === 'opted_out')
  );
}
