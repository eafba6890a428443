import type { ConsentStatus } from '../contact/types';
import type { EngagementAction } from '../events/engagement';
import type { EventChannel, EventType } from '../events/eventTypes';
import type { SentimentLabel } from '../sentiment/sentimentResult';
import type { TopicScore } from '../topics/topicScore';
import type { JourneysState } from '../journeys/journeysState';
import { emptyJourneysState } from '../journeys/journeysState';
import type { RecentIds } from './recentIds';
import type { SentimentSummary } from './sentimentSummary';
import { emptySentiment } from './sentimentSummary';

export interface ConsentRecord {
  status: ConsentStatus;
  at: string;
}

export interface UnreachableRecord {
  since: string;
  /** The message whose hard bounce made it unreachable. */
  messageId: string;
  /** The address in force then (the channel's trait), if the customer had one. */
  address?: string;
}

/** Counted engagement (engagement.ts): the first of each (messageId, action, url); machine opens and clicks counted apart. */
export type EngagementCounts = Partial<
  Record<EngagementAction | 'machine_opened' | 'machine_clicked', number>
>;

export interface EngagementState {
  /** Keys of the engagement seen (engagementKey), oldest first; bounded by ENGAGEMENT_KEYS_KEPT. */
  seen: string[];
  counts: EngagementCounts;
}

/** A service case: opened when the customer is unhappy or let down, closed by case_resolved. */
export interface ServiceCase {
  caseId: string;
  reason: 'negative_message' | 'disruption';
  openedAt: string;
  openedBy: string;
  channel: EventChannel;
  /** How many unhappy events this case has gathered (the first included). */
  eventCount: number;
  lastEventAt: string;
  disruptionKind?: string;
  resolvedAt?: string;
  /** Topics the case's events talked about, most negative first (absent before topic tagging). */
  topics?: string[];
}

/** A topic the customer spoke negatively about: what service recovery and the dashboard show as "about what". */
export interface NegativeTopic {
  name: string;
  /** The clause's sentiment. */
  score: number;
  at: string;
  eventId: string;
}

export interface CustomerTraits {
  email?: string;
  name?: string;
  timezone?: string;
  locale?: string;
  tier?: string;
  [trait: string]: unknown;
}

/**
 * Everything the customer's workflow knows about one customer. JSON-safe (no Map, Set or Date) because it
 * is carried across continue-as-new, and bounded so that carrying it stays cheap.
 */
export interface CustomerState {
  workspace: string;
  customerId: string;
  traits: CustomerTraits;
  consent: Partial<Record<string, ConsentRecord>>;
  sentiment: SentimentSummary;
  openCases: ServiceCase[];
  /** The last few closed cases, newest last. */
  closedCases: ServiceCase[];
  lastNegativeAt?: string;
  lastDisruptionAt?: string;
  lastEventAt?: string;
  firstSeenAt?: string;
  counts: Partial<Record<EventType, number>> & { events: number };
  recentEventIds: RecentIds;
  /** The journeys the customer is in, and how often they entered each. */
  journeys: JourneysState;
  /** Increases with every change; read models keep the newest version they were given. */
  version: number;
  // Engagement (engagement.ts). Optional, so state carried from before it still loads.
  /** Channels whose address hard-bounced, by channel. */
  unreachable?: Partial<Record<string, UnreachableRecord>>;
  /** Per channel, per category: an unsubscribe from one category, a complaint (every marketing category). */
  categoryConsent?: Partial<Record<string, Partial<Record<string, ConsentRecord>>>>;
  engagement?: EngagementState;
  /** The newest negative topic mentions, newest last (NEGATIVE_TOPICS_KEPT). Optional: older state loads. */
  negativeTopics?: NegativeTopic[];
}

export function initialCustomerState(workspace: string, customerId: string): CustomerState {
  return {
    workspace,
    customerId,
    traits: {},
    consent: {},
    sentiment: emptySentiment,
    openCases: [],
    closedCases: [],
    counts: { events: 0 },
    recentEventIds: [],
    journeys: emptyJourneysState,
    version: 0,
  };
}

/** What a scored event contributes: the event's own reading of sentiment (if it had any words or rating). */
export interface EventSentiment {
  score: number;
  label: SentimentLabel;
  /** Topics its words mention, each with the clause's sentiment (absent for ratings and untagged history). */
  topics?: TopicScore[];
}
