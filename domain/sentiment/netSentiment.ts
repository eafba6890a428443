/** How many scored texts read positive, negative and neutral. */
export interface SentimentCounts {
  positive: number;
  negative: number;
  neutral: number;
}

export interface NetSentiment extends SentimentCounts {
  total: number;
  /**
   * Net sentiment score: % positive − % negative, in percentage points (-100..100), to one decimal.
   * Neutral texts count in the denominator, so a flood of neutral messages pulls NSS towards 0.
   * `null` when there is nothing to count: "no data" is not the same as "perfectly balanced" (0), and a
   * chart should show a gap there, not a point on the zero line.
   */
  nss: number | null;
}

/** Percentage points, one decimal: finer than any dashboard shows, coarse enough to compare in tests. */
const DECIMALS = 10;

export function netSentiment(counts: SentimentCounts): NetSentiment {
  const { positive, negative, neutral } = counts;
  const total = positive + negative + neutral;
  if (total === 0) return { positive, negative, neutral, total, nss: null };
  const points = ((positive - negative) / total) * 100;
  // Half away from zero, so +x and -x round to mirror images; `|| 0` keeps -0 out of the JSON.
  const nss = (Math.sign(points) * Math.round(Math.abs(points) * DECIMALS)) / DECIMALS || 0;
  return { positive, negative, neutral, total, nss };
}

/** Counts of several buckets added up (the whole range's figure from its series). */
export function sumCounts(parts: readonly SentimentCounts[]): SentimentCounts {
  return parts.reduce(
    (sum, part) => ({
      positive: sum.positive + part.positive,
      negative: sum.negative + part.negative,
      neutral: sum.neutral + part.neutral,
    }),
    { positive: 0, negative: 0, neutral: 0 },
  );
}
