import type { SentimentLabel } from '../sentiment/sentimentResult';
import type { EventChannel, EventType } from './eventTypes';

/** What one processed event adds to the events read model. Text stays out: the API stored it already. */
export interface ProcessedEvent {
  eventId: string;
  type: EventType;
  channel: EventChannel;
  occurredAt: string;
  receivedAt: string;
  score?: number;
  label?: SentimentLabel;
}
