import type { SentimentLabel } from '../../domain/sentiment/sentimentResult';
import { SHIPPED_MODEL_FILE } from './model';

/**
 * Label thresholds on the score, chosen by 10-fold cross-validation when the model was trained
 * (scripts/train-sentiment.ts): the neutral band with the best out-of-fold macro-F1 on the rated
 * tweets, the only development set with a neutral class. They live in the model file because they
 * belong to the model's score scale; docs/SENTIMENT.md lists the current values.
 *
 * positive  if score >  POSITIVE_ABOVE
 * negative  if score <  NEGATIVE_BELOW
 * neutral   otherwise (so a text with nothing to go on, score 0, is always neutral)
 */
export const POSITIVE_ABOVE = Math.max(0, SHIPPED_MODEL_FILE.thresholds.positiveAbove);
export const NEGATIVE_BELOW = Math.min(0, SHIPPED_MODEL_FILE.thresholds.negativeBelow);

export function labelFor(score: number): SentimentLabel {
  return score > POSITIVE_ABOVE ? 'positive' : score < NEGATIVE_BELOW ? 'negative' : 'neutral';
}
