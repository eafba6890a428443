import type { SentimentLabel } from '../sentiment/sentimentResult';
import type { Conversion } from '../reports/conversion';
import type { TopicScore } from '../topics/topicScore';
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
  /** The topics its words mention, each with the sentiment of the clause that mentions it (spoken events). */
  topics?: TopicScore[];
  /** An engagement event: what it was about, and whether it was counted. */
  engagement?: EngagementRecord;
  /** A goal event: the cohorts it converted, each with the last send before it (domain/reports/countEvent.ts). */
  conversions?: Conversion[];
}
