import type { Category, Channel } from '../contact/types';
import type { EventType } from '../events/eventTypes';
import type { ClockTimeText } from './clockTime';
import type { TopicRule } from '../topics/topicRule';
import type { DurationText } from './duration';

/**
 * A frequency cap over a rolling window. Without `channels` it covers every channel; without `categories`
 * every category except transactional (never capped) and service (capped only by caps that name it).
 */
export interface CapPolicy {
  /** Shows up in reason codes as `frequency_cap:<name>`. */
  name: string;
  channels?: readonly Channel[];
  categories?: readonly Category[];
  /** How many covered messages may go out in any one window. */
  limit: number;
  window: DurationText;
}

export interface QuietHoursPolicy {
  start: ClockTimeText;
  end: ClockTimeText;
  /** Used when the customer has no (valid) `timezone` trait. */
  defaultTimeZone: string;
  /** Marketing categories held back during quiet hours. */
  categories: readonly Category[];
  /**
   * The channels quiet hours hold back (an SMS or a push wakes a phone, an email waits in the inbox); absent,
   * every channel. `"channel": "auto"` moves a message held by them to a channel they leave free.
   */
  channels?: readonly Channel[];
}

export interface ExclusionsPolicy {
  openCase: boolean;
  disruptionWindow: DurationText;
  negativeSentimentWindow: DurationText;
  /** Marketing categories an exclusion suppresses outright. */
  categories: readonly Category[];
}

export interface SentimentPolicy {
  negativeBelow: number;
  positiveAbove: number;
}

// The journeys declare their settings as schemas (domain/journeys/registry.ts) typed by these aliases, so the
// two cannot drift apart. A type alias (not an interface) so that it also fits JourneysPolicy's index signature.
export type ServiceRecoveryJourneyPolicy = {
  enabled: boolean;
  resolutionSla: DurationText;
  surveyAfter: DurationText;
  offerForTiers: readonly string[];
  /** The name of the goal (in `goals`) a run converts on. */
  goal?: string;
};

// A type alias (not an interface) so that it also fits the index signature of JourneysPolicy.
export type AdvocacyJourneyPolicy = {
  enabled: boolean;
  askAfter: DurationText;
  minScore: number;
  /** The name of the goal (in `goals`) a run converts on. */
  goal?: string;
};

// A type alias (not an interface) so that it also fits the index signature of JourneysPolicy.
export type CartRecoveryJourneyPolicy = {
  enabled: boolean;
  firstReminderAfter: DurationText;
  secondChannelAfter: DurationText;
  /** The name of the goal (in `goals`) a run converts on. */
  goal?: string;
};

/** A journey a team added: on or off, and its own settings (durations as strings such as "60d"). */
export interface CustomJourneyPolicy {
  enabled: boolean;
  [setting: string]: string | number | boolean | readonly string[];
}

/** The three journeys of the design, plus any a team added under its own name. */
export type JourneysPolicy = {
  serviceRecovery: ServiceRecoveryJourneyPolicy;
  advocacy: AdvocacyJourneyPolicy;
  cartRecovery: CartRecoveryJourneyPolicy;
} & { [custom: string]: CustomJourneyPolicy };

/** A goal event's property values compared for equality (`{ "plan": "annual" }`). */
export type GoalWhere = Record<string, string | number | boolean>;

/**
 * A conversion goal: an event of this type (with these property values, if `where` is given) within `within`
 * after a journey entry or a send counts as a conversion.
 */
export interface GoalPolicy {
  event: EventType;
  where?: GoalWhere;
  within: DurationText;
}

/**
 * Control groups (domain/holdout). Percentages are of customers, in steps of 0.01 (10,000 buckets). The
 * assignment is a function of the salt, the workspace and the customer id: the same salt, the same buckets.
 */
export interface HoldoutPolicy {
  /** Customers whose bucket is below `globalPercent` × 100 get no marketing at all. */
  globalPercent: number;
  salt: string;
  /** A journey's name → the percent of its runs whose marketing sends are held back (its control arm). */
  journeys: Record<string, number>;
  /** Categories never held out; transactional always among them. */
  exemptCategories: readonly Category[];
}

/**
 * One alert rule (docs/DESIGN.md, "Topics and alerts"): the metric over the last `window` against its values
 * over the `baseline` before it, cut into windows of the same length. It fires when the metric is more than
 * `sigma` standard deviations the wrong side of their mean, with at least `minMentions` in the window.
 */
export interface AlertRulePolicy {
  window: DurationText;
  baseline: DurationText;
  sigma: number;
  minMentions: number;
}

/**
 * A team that owns some topics: service recovery's alert for a case whose words mention one of them, and a
 * `topic_spike` alert about one, go to its webhook; everything else to the default (TUTTI_ALERT_WEBHOOK_URL).
 */
export interface TeamRoute {
  /** Named in the alert ("for logistics"). */
  name: string;
  /** Topic names of the policy's `topics`. */
  topics: readonly string[];
  /** A Slack-compatible incoming webhook (http or https). */
  webhook: string;
}

/** When the workspace's alerts workflow evaluates its rules (`every`), and the rules. */
export interface AlertsPolicy {
  every: DurationText;
  nssDrop: AlertRulePolicy;
  topicSpike: AlertRulePolicy;
}

/**
 * `"channel": "auto"` (domain/personalization/chooseChannel.ts): the order candidates are tried in when the
 * customer's engagement says too little. Channels it does not list come after, in the order of CHANNELS.
 */
export interface ChannelsPolicy {
  fallbackOrder: readonly Channel[];
}

/** `"sendAt": "optimal"` (domain/personalization/chooseSendTime.ts). */
export interface SendTimePolicy {
  /** The percent of messages sent at their requested time instead, so the profile keeps learning. */
  explorePercent: number;
  /** k of the shrinkage n / (n + k): how many engagements of a customer weigh as much as the workspace's hours. */
  priorStrength: number;
}

/** The policy as `PUT /v1/policy` takes it: the whole document without its version. */
export interface PolicyBody {
  caps: readonly CapPolicy[];
  quietHours: QuietHoursPolicy;
  exclusions: ExclusionsPolicy;
  sentiment: SentimentPolicy;
  journeys: JourneysPolicy;
  /** Conversion goals by name; journeys name theirs (`journeys.cartRecovery.goal`). */
  goals: Record<string, GoalPolicy>;
  holdout: HoldoutPolicy;
  /** The topic taxonomy every spoken event is tagged with (domain/topics/defaultTopicRules.ts by default). */
  topics: readonly TopicRule[];
  alerts: AlertsPolicy;
  /** Who hears about which topics (empty: every alert goes to the default webhook). */
  teams: readonly TeamRoute[];
  channels: ChannelsPolicy;
  sendTime: SendTimePolicy;
}

/** The versioned policy document of docs/DESIGN.md; every decision names the version it was made under. */
export interface PolicyDocument extends PolicyBody {
  version: number;
}

/**
 * The policy as customer workflows hold it: without the topic taxonomy, which only the text-scoring activity
 * reads (it fetches the taxonomy itself). Every policy a workflow reads is recorded in its history, and a
 * taxonomy is tens of KiB: carried there, it would multiply every customer's history by that.
 */
export type PolicyInForce = Omit<PolicyDocument, 'topics'>;
