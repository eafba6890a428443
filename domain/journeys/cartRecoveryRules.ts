import type { CartRecoveryJourneyPolicy } from '../policy';
import type { JourneyEvent } from './journeyEvent';
import type { JourneyTrigger } from './journeyRegistration';

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

/** A purchase of this cart ends cart recovery at once; a purchase of something else does not. */
export function purchasesCart(event: JourneyEvent, cartId: string): boolean {
  return event.type === 'purchase' && event.properties.cartId === cartId;
}
