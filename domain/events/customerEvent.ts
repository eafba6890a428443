import type { EventChannel, EventType } from './eventTypes';

/**
 * One thing that happened to a customer, as it travels from the API into the customer's workflow.
 * Times are ISO-8601 strings so the event survives the JSON payload converter unchanged.
 */
export interface CustomerEvent {
  /** The sender's idempotency key: the same id twice is one event. */
  id: string;
  customerId: string;
  type: EventType;
  channel: EventChannel;
  occurredAt: string;
  /** When Tutti first received it. */
  receivedAt: string;
  text?: string;
  properties: Record<string, unknown>;
}
