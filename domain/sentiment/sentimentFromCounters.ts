import { keyParts, type CounterTotals } from '../reports/reportCounters';
import { hourBuckets } from '../reports/sumOverHours';
import { netSentiment, sumCounts, type NetSentiment, type SentimentCounts } from './netSentiment';

export type SentimentBucket = 'hour' | 'day';

/** One bucket of the series: `YYYY-MM-DDTHH:00Z` (hour) or `YYYY-MM-DD` (day), UTC. */
export interface SentimentPoint extends NetSentiment {
  bucket: string;
}

/** A range's net sentiment and its series (sparse: a bucket with nothing scored is absent). */
export interface SentimentFigures extends NetSentiment {
  series: SentimentPoint[];
}

/** The figures of every channel together, and of each channel that had a scored event. */
export interface SentimentByChannel {
  all: SentimentFigures;
  /** Channel → its figures, in channel name order; a channel with nothing scored is absent. */
  channels: Record<string, SentimentFigures>;
}

const LABELS = new Set(['positive', 'negative', 'neutral']);

/**
 * Net sentiment from the topic family's `scored` counters (`t|scored|<channel>|<label>`,
 * domain/topics/topicCounters.ts): every event the customer workflow scored, counted at write time in the
 * UTC hour it occurred — the same events, labels and hours `GET /v1/metrics/sentiment` used to aggregate
 * over processed_events. Hours are summed into UTC days for day buckets. `totals` holds only hours inside the
 * range asked for (storage/reportCounters.ts, readCounterTotals).
 */
export function sentimentFromCounters(topics: CounterTotals, bucket: SentimentBucket): SentimentByChannel {
  // bucket → channel → counts
  const byBucket = new Map<string, Map<string, SentimentCounts>>();
  for (const hour of hourBuckets(topics)) {
    const key = bucket === 'hour' ? `${hour}:00Z` : hour.slice(0, 10);
    for (const [counter, by] of Object.entries(topics[hour])) {
      if (!counter.startsWith('t|scored|') || typeof by !== 'number' || by === 0) continue;
      const parts = keyParts(counter);
      if (parts.length !== 4 || !LABELS.has(parts[3])) continue;
      const [, , channel, label] = parts as [string, string, string, keyof SentimentCounts];
      let channels = byBucket.get(key);
      if (!channels) byBucket.set(key, (channels = new Map<string, SentimentCounts>()));
      let counts = channels.get(channel);
      if (!counts) channels.set(channel, (counts = { positive: 0, negative: 0, neutral: 0 }));
      counts[label] += by;
    }
  }
  const keys = [...byBucket.keys()].sort();
  const allSeries: SentimentPoint[] = [];
  const channelSeries = new Map<string, SentimentPoint[]>();
  for (const key of keys) {
    const channels = byBucket.get(key) ?? new Map<string, SentimentCounts>();
    const total = sumCounts([...channels.values()]);
    if (total.positive + total.negative + total.neutral === 0) continue;
    allSeries.push({ bucket: key, ...netSentiment(total) });
    for (const [channel, counts] of channels) {
      if (counts.positive + counts.negative + counts.neutral === 0) continue;
      let series = channelSeries.get(channel);
      if (!series) channelSeries.set(channel, (series = []));
      series.push({ bucket: key, ...netSentiment(counts) });
    }
  }
  const figures = (series: SentimentPoint[]): SentimentFigures => ({
    ...netSentiment(sumCounts(series)),
    series,
  });
  const channels = [...channelSeries.keys()].sort();
  return {
    all: figures(allSeries),
    channels: Object.fromEntries(channels.map((c) => [c, figures(channelSeries.get(c) ?? [])])),
  };
}

/** The figures of one channel, or of none (zeros, nss null, an empty series) when it had nothing scored. */
export function channelFigures(byChannel: SentimentByChannel, channel: string): SentimentFigures {
  return byChannel.channels[channel] ?? figuresOfNothing();
}

function figuresOfNothing(): SentimentFigures {
  return { ...netSentiment({ positive: 0, negative: 0, neutral: 0 }), series: [] };
}
