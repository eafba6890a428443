import type { SentimentResult } from '../../domain/sentiment/sentimentResult';
import { analyze } from './analyze';
import { SHIPPED_MODEL, modelScore } from './model';
import { textLabelFor } from './thresholds';

/**
 * Sentiment of one piece of customer text: score in [-1, 1] and a label (thresholds in thresholds.ts).
 * Synchronous and pure CPU: the lexicon and model are loaded once, when this module is.
 */
export function scoreText(text: string): SentimentResult {
  // Rounded so the same text always serializes the same way in histories and read models.
  const raw = modelScore(SHIPPED_MODEL, analyze(text));
  const score = Math.round(Math.min(1, Math.max(-1, raw)) * 1e4) / 1e4 || 0;
  return { score, label: textLabelFor(score) };
}

export function scoreTexts(texts: readonly string[]): SentimentResult[] {
  return texts.map(scoreText);
}
