import type { z } from 'zod';
import { parseDuration } from '../policy/duration';
import { duration } from '../policy/settingFields';
import type { JourneyEvent } from './journeyEvent';
import type { JourneyTrigger } from './journeyRegistration';
import { journeySettings } from './journeySettings';

/** `journeys.winBack` in the policy document, e.g. `{ "enabled": true, "quietFor": "60d" }`. */
export const winBackSettings = journeySettings({
  /** How long without a purchase before the customer gets a win-back offer. */
  quietFor: duration('positive'),
});
export type WinBackSettings = z.infer<typeof winBackSettings>;

export interface WinBackTrigger {
  orderId?: string;
}

/**
 * Every purchase starts win-back (or, while the customer is in it, resets its clock: the journey hears the
 * purchase). A policy entry whose quietFor is not a duration starts nothing rather than a broken journey.
 */
export const winBackTrigger: JourneyTrigger<WinBackTrigger, WinBackSettings> = ({ event, settings }) => {
  if (event.type !== 'purchase' || !isDuration(settings.quietFor)) return undefined;
  const { orderId } = event.properties;
  return typeof orderId === 'string' ? { orderId } : {};
};

export function isPurchase(event: JourneyEvent): boolean {
  return event.type === 'purchase';
}

function isDuration(value: unknown): boolean {
  try {
    return typeof value === 'string' && parseDuration(value) > 0;
  } catch {
    return false;
  }
}
