import type { CustomerEvent } from '../events/customerEvent';
import type { EventSentiment } from '../customer/customerState';

/** An event as journeys see it: what the customer did, with the sentiment the customer workflow read in it. */
export interface JourneyEvent extends CustomerEvent {
  sentiment?: EventSentiment;
}

/**
 * Journeys read a customer's words only to quote them (a team alert shows the first 500 characters), so the
 * events the customer workflow forwards carry at most this much text. It keeps the signal to a journey far
 * below Temporal's 2 MB payload limit even for a round of 100 long messages.
 */
export const JOURNEY_TEXT_LIMIT = 1_000;

/** An event as it is forwarded to a journey: its sentiment, and its text cut to JOURNEY_TEXT_LIMIT. */
export function toJourneyEvent(event: CustomerEvent, sentiment: EventSentiment | undefined): JourneyEvent {
  const text =
    event.text !== undefined && event.text.length > JOURNEY_TEXT_LIMIT
      ? { text: event.text.slice(0, JOURNEY_TEXT_LIMIT) }
      : {};
  return { ...event, ...text, ...(sentiment ? { sentiment } : {}) };
}

export function isUnhappyEvent(event: JourneyEvent): boolean {
  return event.type === 'disruption' || event.sentiment?.label === 'negative';
}
