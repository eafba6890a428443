import type { EventSentiment } from '../../../domain/customer/customerState';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import type { EventChannel, EventType } from '../../../domain/events/eventTypes';
import type { JourneyEvent } from '../../../domain/journeys/journeyEvent';

let eventIds = 0;

/** An event as the API hands it to the customer workflow (a customer bench fills in whose it is). */
export function customerEvent(
  type: EventType,
  fields: { id?: string; channel?: EventChannel; text?: string; properties?: Record<string, unknown> } = {},
): CustomerEvent {
  const at = new Date().toISOString();
  return {
    id: fields.id ?? `e${++eventIds}`,
    customerId: '',
    type,
    channel: fields.channel ?? 'web',
    occurredAt: at,
    receivedAt: at,
    ...(fields.text !== undefined ? { text: fields.text } : {}),
    properties: fields.properties ?? {},
  };
}

/** An event as the customer workflow forwards it to a journey: with the sentiment it read in it. */
export function journeyEvent(
  type: EventType,
  fields: Parameters<typeof customerEvent>[1] & { sentiment?: EventSentiment } = {},
): JourneyEvent {
  const { sentiment, ...rest } = fields;
  return { ...customerEvent(type, rest), ...(sentiment ? { sentiment } : {}) };
}
