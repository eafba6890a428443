// The shapes of the API answers the dashboard reads (docs/DESIGN.md, README "HTTP API"). Only the fields shown.

/** Scored messages by label, and their net sentiment score (null: none scored). */
export interface SentimentCounts {
  positive: number;
  negative: number;
  neutral: number;
  total: number;
  nss: number | null;
}

export interface SentimentPoint extends SentimentCounts {
  bucket: string;
}

export interface SentimentSeries extends SentimentCounts {
  series: SentimentPoint[];
}

export interface SentimentMetrics extends SentimentSeries {
  from: string;
  to: string;
  bucket: 'hour' | 'day';
  channel: string | null;
  /** With `groupBy=channel`: each channel that had a scored event, with its own figures. */
  channels?: Record<string, SentimentSeries>;
}

export interface TopicMetrics {
  name: string;
  definition?: string;
  mentions: number;
  positive: number;
  negative: number;
  neutral: number;
  nss: number | null;
  previous: { mentions: number; nss: number | null };
}

export interface TopicMetricsReport {
  nss: number | null;
  scored: number;
  topics: TopicMetrics[];
}

export interface DecisionCounts {
  sent: number;
  suppressed: number;
  scheduled: number;
}

export interface ContactPressure {
  from: string;
  to: string;
  sent: number;
  suppressed: Record<string, number>;
  scheduled: number;
  byChannel: Record<string, DecisionCounts>;
  byCategory: Record<string, DecisionCounts>;
  marketingPerCustomer: { p50: number | null; p90: number | null; max: number | null };
  /** In time order; a bucket without any decision is absent. */
  series: ({ bucket: string } & DecisionCounts)[];
}

export interface ServiceCase {
  caseId: string;
  reason: 'negative_message' | 'disruption';
  openedAt: string;
  openedBy: string;
  channel: string;
  eventCount: number;
  lastEventAt: string;
  disruptionKind?: string;
  topics?: string[];
}

export interface CustomerJourney {
  journeyId: string;
  name: string;
  run: number;
  startedAt: string;
  triggeredBy: string;
  arm?: string;
  /** In the at-risk listing: the newest step the journey recorded (null before its first). */
  currentStep?: { step: string; at: string; detail: Record<string, unknown> } | null;
}

export interface Customer {
  customerId: string;
  traits: Record<string, unknown>;
  sentiment: { score: number; label: string; trend: string; lastAt: string | null };
  openCases: ServiceCase[];
  activeJourneys: string[];
  journeys: CustomerJourney[];
  consent: Record<string, string>;
  categoryConsent?: Record<string, Record<string, string>>;
  unreachable?: Record<string, { since: string }>;
  counts: Record<string, number>;
  negativeTopics?: { name: string; score: number; at: string }[];
  atRisk: boolean;
  lastEventAt: string | null;
  groups: { global: string; journeys: Record<string, string> };
}

export type TimelineEntry =
  | {
      kind: 'event';
      at: string;
      eventId: string;
      type: string;
      channel: string;
      text?: string;
      sentiment?: { score: number; label: string };
      properties: Record<string, unknown>;
      topics?: { name: string; score: number }[];
    }
  | {
      kind: 'decision';
      at: string;
      messageId: string;
      requestId: string;
      decision: string;
      reason: string;
      trigger: string;
      channel: string;
      category: string;
      campaign?: string;
      priority: number;
      scheduledFor?: string;
      policyVersion: number;
      inputs: unknown;
    }
  | {
      kind: 'delivery';
      at: string;
      messageId: string;
      status: 'delivered' | 'failed';
      adapter: string;
      attempts: number;
      lastError?: string;
    }
  | {
      kind: 'journey';
      at: string;
      journeyId: string;
      journey: string;
      seq: number;
      step: string;
      detail: unknown;
    };

export interface LedgerEntry {
  messageId: string;
  requestId: string;
  decision: string;
  reason: string;
  channel: string;
  category: string;
  campaign?: string;
  priority: number;
  decidedAt: string;
  sentAt?: string;
  scheduledFor?: string;
}

export interface PolicyDocument {
  version: number;
  caps?: { name: string; categories?: string[]; channels?: string[]; limit: number; window: string }[];
  quietHours?: unknown;
  journeys?: Record<string, unknown>;
  [section: string]: unknown;
}

export interface FunnelStep {
  step: string;
  reached: number;
  sent: number;
  suppressed: number;
  delivered: number;
  opened: number;
  clicked: number;
}

export interface FunnelArm {
  entered: number;
  steps: FunnelStep[];
  converted: number;
  exits: Record<string, number>;
}

export interface Funnel {
  journey: string;
  arms: { treatment: FunnelArm; control: FunnelArm };
}

export interface Uplift {
  scope: string;
  goal: string;
  treatment: { customers: number; converted: number; rate: number | null };
  control: { customers: number; converted: number; rate: number | null };
  absoluteLift: { value: number | null; ci95: [number, number] | null };
  relativeLift: { value: number | null; ci95: [number, number] | null };
  pValue: number | null;
  incrementalConversions: number | null;
  significant: boolean;
}

/** A decision of the workspace's feed (GET /v1/decisions, and the events of its stream). */
export interface FeedDecision {
  id: string;
  position?: string;
  customerId: string;
  messageId: string;
  decision: 'sent' | 'scheduled' | 'suppressed';
  reason: string;
  channel: string;
  category: string;
  campaign?: string;
  trigger: string;
  journey?: string;
  decidedAt: string;
  scheduledFor?: string;
  policyVersion: number;
}

export interface DecisionPage {
  decisions: FeedDecision[];
  nextBefore: string | null;
  truncated: boolean;
  head: number;
}
