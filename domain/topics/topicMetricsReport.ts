import type { CounterTotals } from '../reports/reportCounters';
import { keyParts } from '../reports/reportCounters';
import { hourBuckets } from '../reports/sumOverHours';
import { netSentiment, type SentimentCounts } from '../sentiment/netSentiment';
import type { SentimentLabel } from '../sentiment/sentimentResult';
import type { TopicRule } from './topicRule';

/** One topic of `GET /v1/metrics/topics` (docs/TOPICS.md, "Topic metrics and drivers"). */
export interface TopicMetrics {
  readonly name: string;
  /** The policy rule's definition; absent for a rule without one and for a topic no longer in the taxonomy. */
  readonly definition?: string;
  /** Mentions in the period, each labelled by the sentiment of the clause that mentions the topic. */
  readonly mentions: number;
  readonly positive: number;
  readonly negative: number;
  readonly neutral: number;
  /** NSS of the mentions; `null` without any. */
  readonly nss: number | null;
  /** The same over the period of equal length just before `from`. */
  readonly previous: { readonly mentions: number; readonly nss: number | null };
  /** This topic's negative mentions / every topic's negative mentions (0 when there are none). */
  readonly negativeShare: number;
  /** The workspace's NSS over the scored events that do not mention the topic; `null` when none are left. */
  readonly nssWithout: number | null;
  /** nssWithout − nss: the points the workspace's NSS would gain without the topic's events. */
  readonly impact: number | null;
}

/** `GET /v1/metrics/topics` without from, to and channel. */
export interface TopicMetricsReport {
  /** The workspace's NSS over every scored event of the period (spoken or rated, with a topic or not). */
  readonly nss: number | null;
  /** Scored events of the period. */
  readonly scored: number;
  /** Most negative mentions first, then by name. */
  readonly topics: readonly TopicMetrics[];
}

type Counts = { positive: number; negative: number; neutral: number };
const zero = (): Counts => ({ positive: 0, negative: 0, neutral: 0 });
const mentionsOf = (c: SentimentCounts) => c.positive + c.negative + c.neutral;

/** The topic counters of one period, added up over its hours (for one channel, or all). */
interface PeriodCounts {
  scored: Counts;
  /** Topic → mentions by the clause's label. */
  mentions: Map<string, Counts>;
  /** Topic → events that mention it, by the event's label. */
  events: Map<string, Counts>;
}

function isLabel(text: string | undefined): text is SentimentLabel {
  return text === 'positive' || text === 'negative' || text === 'neutral';
}

function countsOf(map: Map<string, Counts>, name: string): Counts {
  let counts = map.get(name);
  if (counts === undefined) map.set(name, (counts = zero()));
  return counts;
}

/**
 * Reads the keys of domain/topics/topicCounters.ts (`t|scored|channel|label`, `t|mention|channel|topic|label`,
 * `t|event|channel|topic|label`); any other key, and any channel but the one asked for, is skipped.
 */
function periodCounts(totals: CounterTotals, channel: string | undefined): PeriodCounts {
  const period: PeriodCounts = { scored: zero(), mentions: new Map(), events: new Map() };
  for (const hour of hourBuckets(totals)) {
    for (const [key, by] of Object.entries(totals[hour])) {
      if (!key.startsWith('t|')) continue;
      const parts = keyParts(key);
      const [, kind, keyChannel] = parts;
      if (channel !== undefined && keyChannel !== channel) continue;
      if (kind === 'scored' && parts.length === 4 && isLabel(parts[3])) {
        period.scored[parts[3]] += by;
      } else if ((kind === 'mention' || kind === 'event') && parts.length === 5 && isLabel(parts[4])) {
        countsOf(kind === 'mention' ? period.mentions : period.events, parts[3])[parts[4]] += by;
      }
    }
  }
  return period;
}

/** NSS points to one decimal, half away from zero, as domain/sentiment/netSentiment.ts rounds them. */
function roundPoints(points: number): number {
  return (Math.sign(points) * Math.round(Math.abs(points) * 10)) / 10 || 0;
}

/**
 * Topic metrics and drivers over the topic counters of a period and of the period of equal length before it
 * (docs/TOPICS.md, "Topic metrics and drivers"). Every topic of `taxonomy` appears, quiet ones with zeros,
 * and so does any other topic mentioned in the period (a topic since removed or renamed in the policy).
 *
 * `nssWithout` is the workspace's NSS with the events that mention the topic taken out, label by label
 * (`scored − event`): both counters are labelled by the whole event's sentiment, so the difference is
 * exactly the scored events without the topic. `impact` is computed from the two rounded figures, so it is
 * exactly the difference a reader sees.
 */
export function topicMetricsReport(
  current: CounterTotals,
  previous: CounterTotals,
  taxonomy: readonly TopicRule[],
  channel?: string,
): TopicMetricsReport {
  const now = periodCounts(current, channel);
  const before = periodCounts(previous, channel);
  const workspace = netSentiment(now.scored);

  const definitions = new Map<string, string | undefined>(taxonomy.map((r) => [r.name, r.definition]));
  const names = new Set([...definitions.keys(), ...now.mentions.keys()]);
  let allNegative = 0;
  for (const counts of now.mentions.values()) allNegative += counts.negative;

  const topics = [...names].map((name): TopicMetrics => {
    const mentioned = netSentiment(now.mentions.get(name) ?? zero());
    const earlier = netSentiment(before.mentions.get(name) ?? zero());
    const events = now.events.get(name) ?? zero();
    // Never below 0, should a counter write have landed for one key of an event and not (yet) the other.
    const without = netSentiment({
      positive: Math.max(0, now.scored.positive - events.positive),
      negative: Math.max(0, now.scored.negative - events.negative),
      neutral: Math.max(0, now.scored.neutral - events.neutral),
    });
    const definition = definitions.get(name);
    return {
      name,
      ...(definition !== undefined ? { definition } : {}),
      mentions: mentionsOf(mentioned),
      positive: mentioned.positive,
      negative: mentioned.negative,
      neutral: mentioned.neutral,
      nss: mentioned.nss,
      previous: { mentions: mentionsOf(earlier), nss: earlier.nss },
      negativeShare: allNegative > 0 ? mentioned.negative / allNegative : 0,
      nssWithout: without.nss,
      impact:
        without.nss !== null && workspace.nss !== null ? roundPoints(without.nss - workspace.nss) : null,
    };
  });
  topics.sort((a, b) => b.negative - a.negative || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { nss: workspace.nss, scored: workspace.total, topics };
}
