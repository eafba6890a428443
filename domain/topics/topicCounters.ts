import type { ProcessedEvent } from '../events/processedEvent';
import type { CounterIncrement } from '../reports/reportCounters';
import { hourBucket, keyPart } from '../reports/reportCounters';
import type { SentimentLabel } from '../sentiment/sentimentResult';
import { labelFor, type SentimentThresholds } from '../sentiment/sentimentThresholds';

/**
 * The topic counters (family `t`, domain/reports/reportCounters.ts), counted in the hour the event occurred:
 * what `GET /v1/metrics/topics`, its drivers and the alert rules read, by `_id`, whatever the number of
 * customers. Three kinds, each per channel and sentiment label:
 * - `scored`: every event with a sentiment (words or a rating) — the workspace's NSS, as the sentiment metrics
 *   compute it;
 * - `mention`: a topic mentioned, labelled by the sentiment of the clause that mentions it — the topic's NSS
 *   and its negative mentions;
 * - `event`: an event that mentions the topic, labelled by the whole event's sentiment — so the workspace's
 *   NSS without the events about a topic is `scored − event` (its driver impact).
 */
export const topicCounterKey = {
  scored: (channel: string, label: SentimentLabel) => join('t', 'scored', channel, label),
  mention: (channel: string, topic: string, label: SentimentLabel) =>
    join('t', 'mention', channel, topic, label),
  event: (channel: string, topic: string, label: SentimentLabel) => join('t', 'event', channel, topic, label),
} as const;

const join = (...parts: string[]) => parts.map(keyPart).join('|');

/** What one processed event adds to the topic counters: nothing unless it was scored. */
export function countTopics(event: ProcessedEvent, thresholds: SentimentThresholds): CounterIncrement[] {
  if (event.label === undefined) return [];
  const bucket = hourBucket(event.occurredAt);
  const increments: CounterIncrement[] = [
    { bucket, key: topicCounterKey.scored(event.channel, event.label), by: 1 },
  ];
  for (const topic of event.topics ?? []) {
    const label = labelFor(topic.score, thresholds);
    increments.push({ bucket, key: topicCounterKey.mention(event.channel, topic.name, label), by: 1 });
    increments.push({ bucket, key: topicCounterKey.event(event.channel, topic.name, event.label), by: 1 });
  }
  return increments;
}
