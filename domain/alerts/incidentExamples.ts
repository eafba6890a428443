import type { SentimentThresholds } from '../sentiment/sentimentThresholds';
import { labelFor } from '../sentiment/sentimentThresholds';

/** A verbatim quoted in an alert: the event, its words, and the score that made it an example. */
export interface IncidentExample {
  eventId: string;
  text: string;
  score: number;
}

/** What an example is picked from: a processed event (storage/models/processedEvent.ts), without its text. */
export interface ExampleCandidate {
  eventId: string;
  occurredAt: number;
  score?: number;
  label?: string;
  topics?: readonly { name: string; score: number }[];
}

export const MAX_EXAMPLES = 3;

/**
 * The events an alert quotes: for topic_spike, events whose words about the topic read negative, scored by the
 * clause that mentions it; for nss_drop, events that read negative, by their own score. Most negative first,
 * then the newest; at most MAX_EXAMPLES. The caller fetches their words.
 */
export function pickExamples(
  candidates: readonly ExampleCandidate[],
  topic: string | undefined,
  thresholds: SentimentThresholds,
  max = MAX_EXAMPLES,
): { eventId: string; score: number }[] {
  const scored: { eventId: string; score: number; occurredAt: number }[] = [];
  for (const candidate of candidates) {
    // The event's own label was given under the thresholds in force when it was scored; a topic's is read here.
    const score =
      topic === undefined
        ? candidate.label === 'negative'
          ? candidate.score
          : undefined
        : negativeOnly(candidate.topics?.find((t) => t.name === topic)?.score, thresholds);
    if (typeof score !== 'number') continue;
    scored.push({ eventId: candidate.eventId, score, occurredAt: candidate.occurredAt });
  }
  return scored
    .sort((a, b) => a.score - b.score || b.occurredAt - a.occurredAt || a.eventId.localeCompare(b.eventId))
    .slice(0, max)
    .map(({ eventId, score }) => ({ eventId, score }));
}

function negativeOnly(score: number | undefined, thresholds: SentimentThresholds): number | undefined {
  return score !== undefined && labelFor(score, thresholds) === 'negative' ? score : undefined;
}
