import type { SentimentLabel } from '../sentiment/sentimentResult';
import type { EngagementRecord } from './engagement';
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
  /** An engagement event: what it was about, and whether it was counted. */
  engagement?: EngagementRecord;
}
