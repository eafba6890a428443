/** How one piece of customer text reads. */
export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentResult {
  /** In [-1, 1]: -1 furious, 0 flat, 1 delighted. */
  score: number;
  label: SentimentLabel;
}
