import type { CustomerEvent } from '../events/customerEvent';
import type { EventSentiment } from '../customer/customerState';

/** An event as journeys see it: what the customer did, with the sentiment the customer workflow read in it. */
export interface JourneyEvent extends CustomerEvent {
  sentiment?: EventSentiment;
}

export function isUnhappyEvent(event: JourneyEvent): boolean {
  return event.type === 'disruption' || event.sentiment?.label === 'negative';
}
