import type { SentimentLabel } from '../sentiment/sentimentResult';
import { labelFor, type SentimentThresholds } from '../sentiment/sentimentThresholds';

// Re-exported where the customer workflow (survey ratings) and applyEvent have always found them.
export { labelFor, type SentimentThresholds };

/** One scored utterance of the customer. */
export interface SentimentSample {
  at: string;
  score: number;
}

export type SentimentTrend = 'improving' | 'declining' | 'stable';

/** How the customer feels lately, as one number with a label and a direction. */
export interface SentimentSummary {
  score: number;
  label: SentimentLabel;
  trend: SentimentTrend;
  lastAt?: string;
  /** Newest last; bounded by SAMPLE_LIMIT and SAMPLE_MAX_AGE_MS. */
  samples: SentimentSample[];
}

const SAMPLE_LIMIT = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
const SAMPLE_MAX_AGE_MS = 30 * DAY_MS;
/** A week-old remark counts half as much as one made now: feelings fade, but not overnight. */
const HALF_LIFE_MS = 7 * DAY_MS;
/** Recent against earlier mean: smaller moves are noise, not a trend. */
const TREND_MIN_DELTA = 0.15;
const TREND_WINDOW = 3;

export const emptySentiment: SentimentSummary = { score: 0, label: 'neutral', trend: 'stable', samples: [] };

/** Adds one scored utterance and recomputes the rolling score, label and trend. */
export function addSentimentSample(
  summary: SentimentSummary,
  sample: SentimentSample,
  thresholds: SentimentThresholds,
): SentimentSummary {
  const sampleTime = Date.parse(sample.at);
  const newest = Math.max(sampleTime, summary.lastAt ? Date.parse(summary.lastAt) : sampleTime);
  const samples = [...summary.samples, sample]
    .filter((s) => newest - Date.parse(s.at) <= SAMPLE_MAX_AGE_MS)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(-SAMPLE_LIMIT);
  const score = round(timeWeightedMean(samples, newest));
  return {
    score,
    label: labelFor(score, thresholds),
    trend: trendOf(samples),
    lastAt: new Date(newest).toISOString(),
    samples,
  };
}

function timeWeightedMean(samples: SentimentSample[], now: number): number {
  let weighted = 0;
  let weights = 0;
  for (const s of samples) {
    const weight = Math.pow(0.5, (now - Date.parse(s.at)) / HALF_LIFE_MS);
    weighted += weight * s.score;
    weights += weight;
  }
  return weights === 0 ? 0 : weighted / weights;
}

function trendOf(samples: SentimentSample[]): SentimentTrend {
  if (samples.length < 2) return 'stable';
  const recent = samples.slice(-TREND_WINDOW);
  const earlier = samples.slice(-2 * TREND_WINDOW, -TREND_WINDOW);
  const baseline = earlier.length > 0 ? earlier : samples.slice(0, 1);
  const delta = mean(recent.map((s) => s.score)) - mean(baseline.map((s) => s.score));
  if (delta >= TREND_MIN_DELTA) return 'improving';
  if (delta <= -TREND_MIN_DELTA) return 'declining';
  return 'stable';
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
