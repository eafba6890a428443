import type { SentimentLabel } from './sentimentResult';

/** Where a score stops being neutral. Scores exactly on a threshold are neutral. */
export interface SentimentThresholds {
  negativeBelow: number;
  positiveAbove: number;
}

/**
 * The one labelling rule, for a text, a survey rating and a customer alike. Only the thresholds differ,
 * and docs/SENTIMENT.md ("One labelling rule") says which apply where and why; the tests in
 * test/unit/sentiment/labellingRule.test.ts fail if the model's and the default policy's drift apart.
 */
export function labelFor(score: number, thresholds: SentimentThresholds): SentimentLabel {
  if (score < thresholds.negativeBelow) return 'negative';
  if (score > thresholds.positiveAbove) return 'positive';
  return 'neutral';
}
