import type { SentimentLabel } from '../../domain/sentiment/sentimentResult';
import { labelFor, type SentimentThresholds } from '../../domain/sentiment/sentimentThresholds';
import { SHIPPED_MODEL_FILE } from './model';

/**
 * The model's label thresholds on the score, chosen by 10-fold cross-validation when the model was trained
 * (scripts/train-sentiment.ts): the neutral band with the best out-of-fold macro-F1 on the rated tweets,
 * the only development set with a neutral class. They live in the model file because they belong to the
 * model's score scale and move when it is retrained; docs/SENTIMENT.md lists the current values, and says
 * why a customer's label is cut at the policy's thresholds instead ("One labelling rule").
 *
 * positive  if score >  POSITIVE_ABOVE
 * negative  if score <  NEGATIVE_BELOW
 * neutral   otherwise (so a text with nothing to go on, score 0, is always neutral)
 */
export const MODEL_THRESHOLDS: Readonly<SentimentThresholds> = {
  negativeBelow: Math.min(0, SHIPPED_MODEL_FILE.thresholds.negativeBelow),
  positiveAbove: Math.max(0, SHIPPED_MODEL_FILE.thresholds.positiveAbove),
};
export const POSITIVE_ABOVE = MODEL_THRESHOLDS.positiveAbove;
export const NEGATIVE_BELOW = MODEL_THRESHOLDS.negativeBelow;

/** A text's label: the one rule (domain/sentiment/sentimentThresholds.ts) at the model's thresholds. */
export function textLabelFor(score: number): SentimentLabel {
  return labelFor(score, MODEL_THRESHOLDS);
}
