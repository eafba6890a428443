import { keyParts, type CounterTotals } from '../reports/reportCounters';
import { hourBuckets } from '../reports/sumOverHours';
import { netSentiment, type SentimentCounts } from '../sentiment/netSentiment';

/** The workspace's net sentiment beside its survey KPIs: how many events were scored, and their NSS. */
export interface ScoredNss {
  scored: number;
  nss: number | null;
}

/**
 * NSS from the topic family's `scored` counters (`t|scored|<channel>|<label>`, domain/topics/topicCounters.ts):
 * every scored event of the hours read, of one channel or all — the figure `GET /v1/metrics/sentiment`
 * answers for the same range. Not per journey: sentiment is not attributed to journeys.
 */
export function workspaceNss(topics: CounterTotals, channel: string | undefined): ScoredNss {
  const counts: SentimentCounts = { positive: 0, negative: 0, neutral: 0 };
  for (const hour of hourBuckets(topics)) {
    for (const [key, by] of Object.entries(topics[hour])) {
      if (!key.startsWith('t|scored|')) continue;
      const parts = keyParts(key);
      if (parts.length !== 4 || (channel !== undefined && parts[2] !== channel)) continue;
      const label = parts[3];
      if (label === 'positive' || label === 'negative' || label === 'neutral') counts[label] += by;
    }
  }
  const { total, nss } = netSentiment(counts);
  return { scored: total, nss };
}
