import type { CounterTotals } from '../reports/reportCounters';
import { keyParts } from '../reports/reportCounters';
import type { SentimentCounts } from '../sentiment/netSentiment';

/**
 * What the alert rules read from the topic counters (domain/topics/topicCounters.ts), summed over channels,
 * per UTC hour (epoch ms of its start): the scored events by label (the workspace's NSS), and each topic's
 * negative mentions. An hour nobody counted in is absent and reads as zero.
 */
export interface AlertSeries {
  scored: Record<number, SentimentCounts>;
  negativeMentions: Record<string, Record<number, number>>;
}

const HOUR_BUCKET = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

export function alertSeries(totals: CounterTotals): AlertSeries {
  const series: AlertSeries = { scored: {}, negativeMentions: {} };
  for (const [bucket, counts] of Object.entries(totals)) {
    if (!HOUR_BUCKET.test(bucket)) continue;
    const hour = Date.parse(`${bucket}:00:00Z`);
    for (const [key, count] of Object.entries(counts)) {
      const parts = keyParts(key);
      if (parts[0] !== 't') continue;
      if (parts[1] === 'scored' && parts.length === 4) {
        const label = parts[3];
        if (label !== 'positive' && label !== 'negative' && label !== 'neutral') continue;
        const at = (series.scored[hour] ??= { positive: 0, negative: 0, neutral: 0 });
        at[label] += count;
      } else if (parts[1] === 'mention' && parts.length === 5 && parts[4] === 'negative') {
        const topic = parts[3];
        const byHour = (series.negativeMentions[topic] ??= {});
        byHour[hour] = (byHour[hour] ?? 0) + count;
      }
    }
  }
  return series;
}
