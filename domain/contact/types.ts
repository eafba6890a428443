/**
 * The words of the contact ledger: what is asked, what is decided, and what is answered and recorded. Apart
 * from `ContactContext`, which each decision builds afresh, these shapes travel: in the customer workflow's
 * state across continue-as-new, in Update results, and in activity inputs recorded in history. Renaming a
 * field changes a payload that recorded histories and running workflows hold: add fields, never rename them.
 */

/** The channels an outbound message can go out on (DESIGN.md, contact requests). */
export const CHANNELS = ['email', 'sms', 'push', 'webhook'] as const;

export type Channel = (typeof CHANNELS)[number];

/** What an outbound message is for; the category decides which caps, quiet hours and exclusions apply. */
export const CATEGORIES = [
  'transactional',
  'service',
  'promotion',
  'newsletter',
  'reminder',
  'survey',
  'advocacy',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** The categories a customer can be said to be "marketed to" with: deferrable, capped, quiet at night. */
export const MARKETING_CATEGORIES = [
  'promotion',
  'newsletter',
  'reminder',
  'survey',
  'advocacy',
] as const satisfies readonly Category[];

export type MarketingCategory = (typeof MARKETING_CATEGORIES)[number];

export function isMarketing(category: Category): category is MarketingCategory {
  return (MARKETING_CATEGORIES as readonly Category[]).includes(category);
}

export interface ContactContent {
  subject?: string;
  body?: string;
  template?: string;
  data?: Record<string, unknown>;
}

/** What a request may leave to the customer workflow: the channel (docs/PERSONALIZATION.md). */
export const AUTO_CHANNEL = 'auto';

/** What a request may leave to the customer workflow: the hour, for marketing (docs/PERSONALIZATION.md). */
export const OPTIMAL_SEND_TIME = 'optimal';

/**
 * An outbound message someone wants to send; the customer workflow decides whether, when, or never, and,
 * when asked, on which channel (`"auto"`) and at which hour (`sendAt: "optimal"`).
 */
export interface ContactRequest {
  /** The idempotency key: the same id gets the same answer. */
  id: string;
  channel: Channel | typeof AUTO_CHANNEL;
  /** `"optimal"`: a marketing message waits for the customer's best hour within 24 hours. */
  sendAt?: typeof OPTIMAL_SEND_TIME;
  /** With `"channel": "auto"` only: the channels it may choose among (a journey leaves out an ignored one). */
  candidates?: Channel[];
  category: Category;
  /** 0..100; higher wins slots and goes first when several messages are due together. */
  priority: number;
  campaign?: string;
  content?: ContactContent;
  /** Epoch ms before which it must not go out. */
  notBefore?: number;
  /** Epoch ms from which it must no longer go out. */
  expiresAt?: number;
}

/**
 * A request once its channel is known: what the decision core decides, the ledger keeps while it is
 * scheduled and delivery sends. `sendAt` and `candidates` have done their work by then.
 */
export interface RoutedContactRequest extends Omit<ContactRequest, 'channel' | 'sendAt' | 'candidates'> {
  channel: Channel;
}

export function isRouted(request: ContactRequest): request is RoutedContactRequest {
  return request.channel !== AUTO_CHANNEL && request.sendAt === undefined && request.candidates === undefined;
}

export const DEFAULT_PRIORITY = 50;

/**
 * A request without `expiresAt` expires this long after it could first go out (its `notBefore`, else the
 * moment it was decided), so that a message asked for "in three days" is not dead on arrival.
 */
export const DEFAULT_EXPIRY_MS = 24 * 3_600_000;

/** Why an exclusion holds; each one suppresses outright the categories the policy's exclusions name. */
export type ExclusionReason = 'open_case' | 'disruption' | 'negative_sentiment';

export type CapReason = `frequency_cap:${string}`;

/** Why something waits: the constraint that stood in its way at the time it was looked at. */
export type BlockingReason = 'quiet_hours' | CapReason | 'lower_priority';

export type ReasonCode =
  | 'ok'
  | ExclusionReason
  | BlockingReason
  | 'opted_out'
  | 'unreachable'
  | 'not_before'
  | 'optimal_time'
  | 'expired'
  | 'duplicate'
  | 'holdout';

/** Which control group held a message back: the global one, or a journey run's control arm. */
export type HoldoutScope = 'global' | `journey:${string}`;

export function capReason(capName: string): CapReason {
  return `frequency_cap:${capName}`;
}

export type ConsentStatus = 'opted_in' | 'opted_out';

/** A message that went out; the ledger keeps these for as long as the longest cap window reaches back. */
export interface SentContact {
  messageId: string;
  requestId: string;
  channel: Channel;
  category: Category;
  priority: number;
  sentAt: number;
}

/** A message deferred to a later time; it holds its slot until it is sent, displaced or suppressed. */
export interface ScheduledContact {
  messageId: string;
  requestId: string;
  channel: Channel;
  category: Category;
  priority: number;
  scheduledFor: number;
  expiresAt: number;
  /** When the request was first decided: between equal priorities, the earlier request ranks first. */
  requestedAt: number;
}

/**
 * Everything a contact decision needs to know about the customer, built for each decision from the customer's
 * state and ledger (contactLedger.ts, `contactContextOf`). Plain data in epoch ms, like the rest.
 */
export interface ContactContext {
  /** Sent messages within the longest cap window (see pruneSent), oldest first. */
  sent: readonly SentContact[];
  scheduled: readonly ScheduledContact[];
  openCases: number;
  lastDisruptionAt?: number;
  /** The last time the customer's sentiment fell below the policy's negative threshold. */
  lastNegativeSentimentAt?: number;
  /** A channel without an entry has not been opted out of. */
  consent: Partial<Record<Channel, ConsentStatus>>;
  /** Per channel, the categories the customer said something about (an unsubscribe from one, a complaint). */
  categoryConsent?: Partial<Record<Channel, Partial<Record<Category, ConsentStatus>>>>;
  /** Channels whose address hard-bounced (reachability.ts). */
  unreachable?: Partial<Record<Channel, true>>;
  /**
   * Channels the customer has an address for (a trait of ADDRESS_TRAITS, domain/customer/engagement.ts):
   * what "auto" may choose among. A fixed channel does not look: its sender knows where it goes.
   */
  addressed?: Partial<Record<Channel, true>>;
  /** The customer's IANA zone (trait `timezone`); the policy's default zone otherwise. */
  timeZone?: string;
}

export const emptyContactContext: ContactContext = { sent: [], scheduled: [], openCases: 0, consent: {} };

/** One cap that covers the message, as it stood when the decision was made. */
export interface CapUsage {
  name: string;
  limit: number;
  window: string;
  /** Sent messages it covers in the window ending at the decision time. */
  sentInWindow: number;
  /** Scheduled messages it covers that rank above this one and go out within one window from now. */
  reservedAhead: number;
}

/** The facts that mattered, so that every decision can be explained afterwards. */
export interface DecisionInputs {
  caps: CapUsage[];
  openCases: number;
  lastDisruptionAt?: number;
  lastNegativeSentimentAt?: number;
  /** Exclusions holding at the decision time, whether or not they apply to this category. */
  activeExclusions: ExclusionReason[];
  consent: ConsentStatus;
  /** The customer's word on this category of the channel, when they gave one. */
  categoryConsent?: ConsentStatus;
  /** The channel's address hard-bounced. */
  unreachable?: true;
  timeZone: string;
  inQuietHours: boolean;
  notBefore?: number;
  /** The expiry applied: the request's own, or the default. */
  expiresAt: number;
  /** For `duplicate`: the message the same request id already produced. */
  duplicateOf?: string;
  /** For `holdout`: the control group that held back what would otherwise have gone out. */
  holdout?: HoldoutScope;
  /** `"channel": "auto"`: the channel chosen, and what it was chosen on. */
  channelChoice?: ChannelChoiceInputs;
  /** `"sendAt": "optimal"`: the hour chosen, and what it was chosen on. */
  sendTime?: SendTimeInputs;
}

/**
 * Why "auto" took the channel it took: ChannelChoice of domain/personalization/chooseChannel.ts (its
 * `reason`, or `no_candidate` when no channel could be used), the candidates it chose among, and, when the
 * chosen channel could not go now (a cap, quiet hours), the channel it moved from and what held that back.
 */
export interface ChannelChoiceInputs {
  channel: Channel;
  reason: 'engagement' | 'fallback_order' | 'only_candidate' | 'no_candidate';
  scores: Partial<Record<Channel, number>>;
  messagesSeen: number;
  channelsSeen: number;
  candidates: Channel[];
  movedFrom?: Channel;
  movedBecause?: string;
}

/**
 * Why "optimal" took the instant it took: SendTimeChoice of domain/personalization/chooseSendTime.ts, `at` in
 * epoch ms (absent for `none_allowed`).
 */
export interface SendTimeInputs {
  at?: number;
  reason: 'optimal' | 'no_history' | 'explore' | 'none_allowed';
  hour?: number;
  score?: number;
  customerWeight: number;
  engagements: number;
}

interface DecisionCommon {
  reason: ReasonCode;
  policyVersion: number;
  /**
   * Scheduled messages ranking below this one whose slot it takes. They are no longer scheduled once the
   * decision is applied and must be decided again (settleDecision does that).
   */
  displaces: string[];
  inputs: DecisionInputs;
}

export interface SentDecision extends DecisionCommon {
  decision: 'sent';
  reason: 'ok';
}

export interface ScheduledDecision extends DecisionCommon {
  decision: 'scheduled';
  scheduledFor: number;
  expiresAt: number;
}

export interface SuppressedDecision extends DecisionCommon {
  decision: 'suppressed';
}

export type ContactDecision = SentDecision | ScheduledDecision | SuppressedDecision;

/** What the API answers for a contact request (DESIGN.md), kept so the same request id gets the same answer. */
export interface ContactAnswer {
  requestId: string;
  decision: ContactDecision['decision'];
  reason: string;
  messageId?: string;
  /** The channel it goes (or would have gone) on: the one "auto" chose. Absent in answers from before it. */
  channel?: Channel;
  scheduledFor?: string;
  policyVersion: number;
}

/** One decision, as mirrored to MongoDB and shown in the ledger and the timeline. */
export interface DecisionRecord {
  messageId: string;
  requestId: string;
  decision: ContactDecision['decision'];
  reason: string;
  channel: Channel;
  category: Category;
  campaign?: string;
  priority: number;
  decidedAt: string;
  sentAt?: string;
  scheduledFor?: string;
  policyVersion: number;
  inputs: ContactDecision['inputs'] | WithdrawalInputs | RenderFailureInputs;
  /**
   * Why it was decided (again): a new request, its scheduled time, a higher-priority request's displacement,
   * its sender withdrawing it (a journey that ended before the message went out), or a change in the
   * customer's state that means it can never go out (suppressExcludedNow), or its template failing to render
   * when it was handed to delivery (retractUnrenderable).
   */
  trigger: 'request' | 'scheduled_time' | 'displaced' | 'withdrawn' | 'state_change' | 'render_failed';
}

/** Why a sent message's template could not be rendered at send time (activities/delivery/renderContent.ts). */
export interface RenderFailureInputs {
  template: string;
  /** template_missing_variable | template_limit_exceeded | template_render_failed */
  why: string;
  variable?: string;
  part?: string;
  line?: number;
}

/** What a withdrawal record explains: who took the message back, and why. */
export interface WithdrawalInputs {
  withdrawnBy: string;
  why: string;
}

/** A message the workflow decided to send and still has to hand to delivery. */
export interface PendingDelivery {
  messageId: string;
  request: RoutedContactRequest;
  decidedAt: string;
}
