// Comparison baselines for scripts/eval-sentiment.ts only (devDependencies, never loaded by the worker).
declare module 'sentiment' {
  interface SentimentAnalysis {
    score: number;
    comparative: number;
  }
  class Sentiment {
    analyze(text: string): SentimentAnalysis;
  }
  export = Sentiment;
}

declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}
