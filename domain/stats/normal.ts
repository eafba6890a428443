import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** Φ, the standard normal distribution function. */
export function standardNormalCdf(x: number): number {
  return normalCdf(x, 0, 1);
}

/**
 * The z that leaves (1 − confidence) / 2 in each tail: 1.959964 for 95 %. Every interval here is two-sided,
 * and the report's are 95 % (`ci95`); other levels are for tests and for whoever asks for them explicitly.
 */
export function twoSidedCriticalValue(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be between 0 and 1 (exclusive), got ${confidence}`);
  }
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}
