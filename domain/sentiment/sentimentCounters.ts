import type { CounterIncrement } from '../reports/reportCounters';
import { counterFamily, keyPart, keyParts } from '../reports/reportCounters';
import type { SentimentLabel } from './sentimentResult';

/**
 * The sentiment counters (family `s`): every scored event by channel and label, in the UTC hour it occurred —
 * the same count as the topic family's `t|scored|<channel>|<label>` (domain/topics/topicCounters.ts), in
 * documents of their own: a net sentiment report reads 18 counters an hour instead of every topic mention.
 * Not counted by the workflow: `countReports` adds them beside each `t|scored` increment of a batch
 * (`withSentimentCounters`), so no workflow code changed and the batch's exactly-once marks cover them.
 */
export function sentimentCounterKey(channel: string, label: SentimentLabel): string {
  return [counterFamily.sentiment, channel, label].map(keyPart).join('|');
}

/** The batch's increments and, for each scored-event increment of the topic family, its sentiment twin. */
export function withSentimentCounters(increments: readonly CounterIncrement[]): CounterIncrement[] {
  const twins: CounterIncrement[] = [];
  for (const increment of increments) {
    if (!increment.key.startsWith('t|scored|')) continue;
    const parts = keyParts(increment.key);
    const label = parts[3];
    if (parts.length !== 4 || (label !== 'positive' && label !== 'negative' && label !== 'neutral')) continue;
    twins.push({ bucket: increment.bucket, key: sentimentCounterKey(parts[2], label), by: increment.by });
  }
  return twins.length === 0 ? [...increments] : [...increments, ...twins];
}

/**
 * The sentiment family's totals written as the topic family's `scored` counters, so one reader
 * (sentimentFromCounters) serves both.
 */
export function asScoredCounters(
  totals: Record<string, Record<string, number>>,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [bucket, keys] of Object.entries(totals)) {
    const scored: Record<string, number> = {};
    for (const [key, by] of Object.entries(keys)) {
      const parts = keyParts(key);
      if (parts.length !== 3 || parts[0] !== counterFamily.sentiment) continue;
      const scoredKey = ['t', 'scored', parts[1], parts[2]].map(keyPart).join('|');
      scored[scoredKey] = (scored[scoredKey] ?? 0) + by;
    }
    out[bucket] = scored;
  }
  return out;
}
