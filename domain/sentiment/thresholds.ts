import type { SentimentThresholds } from '../customer/sentimentSummary';

/**
 * The customer-level thresholds of the default policy (DESIGN.md: sentiment.negativeBelow / positiveAbove).
 * Until workflows read the versioned policy document, this is what they apply.
 */
export const DEFAULT_SENTIMENT_THRESHOLDS: SentimentThresholds = {
  negativeBelow: -0.25,
  positiveAbove: 0.35,
};
