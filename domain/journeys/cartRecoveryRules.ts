import type { z } from 'zod';
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
