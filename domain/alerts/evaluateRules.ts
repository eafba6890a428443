import type { AlertRulePolicy } from '../policy/policyDocument';
import type { SentimentCounts } from '../sentiment/netSentiment';
import { HOUR_MS, ruleHours, type RuleEvaluation } from './alertRule';

/**
 * The alert rules at one hour `h` (epoch ms of its start). The window is the `window` hours up to and including
 * h; the baseline is the `baseline` hours just before it, cut into consecutive windows of the same length (7
 * values for 24h against 7d). Both rules compare the window's value with the mean of the baseline's values,
 * `sigma` standard deviations away, and need `minMentions` in the window.
 *
 * The standard deviation has a floor, so that a flat baseline does not make any blip an alert:
 * - counts (topic_spike): max(sample sd, √mean, 1) — a count of rare events varies like a Poisson count, whose
 *   sd is √mean, and a baseline of zeros would otherwise have sd 0 and fire on a single mention;
 * - NSS (nss_drop): max(sample sd, the standard error of the window's own NSS) — a window of 30 events cannot
 *   measure NSS to better than its standard error, however steady the baseline was.
 */

/** `topic_spike` for one topic: negative mentions per hour (absent hours are zero). */
export function evaluateTopicSpike(
  negativeByHour: Readonly<Record<number, number>>,
  hour: number,
  rule: AlertRulePolicy,
): RuleEvaluation {
  const { window, baseline, sigma, minMentions } = ruleHours(rule);
  const sumOf = (end: number) => {
    let sum = 0;
    for (let i = 0; i < window; i++) sum += negativeByHour[end - i * HOUR_MS] ?? 0;
    return sum;
  };
  const value = sumOf(hour);
  const values: number[] = [];
  for (let k = 1; k <= baseline / window; k++) values.push(sumOf(hour - k * window * HOUR_MS));
  const { mean, sd: sampleSd } = meanAndSd(values);
  const sd = Math.max(sampleSd, Math.sqrt(mean), 1);
  const threshold = mean + sigma * sd;
  return {
    fires: value > threshold && value >= minMentions,
    ...rounded({ value, mean, sd, threshold }),
    mentions: value,
    window: rule.window,
    baseline: rule.baseline,
  };
}

/**
 * `nss_drop`: scored events per hour by label. A baseline window with nothing scored has no NSS and is left
 * out; with fewer than two baseline values there is nothing to compare with, and the rule does not fire.
 */
export function evaluateNssDrop(
  scoredByHour: Readonly<Record<number, SentimentCounts>>,
  hour: number,
  rule: AlertRulePolicy,
): RuleEvaluation {
  const { window, baseline, sigma, minMentions } = ruleHours(rule);
  const countsOf = (end: number) => {
    const sum = { positive: 0, negative: 0, neutral: 0 };
    for (let i = 0; i < window; i++) {
      const at = scoredByHour[end - i * HOUR_MS];
      if (!at) continue;
      sum.positive += at.positive;
      sum.negative += at.negative;
      sum.neutral += at.neutral;
    }
    return sum;
  };
  const current = countsOf(hour);
  const mentions = current.positive + current.negative + current.neutral;
  const value = nssOf(current) ?? 0;
  const values: number[] = [];
  for (let k = 1; k <= baseline / window; k++) {
    const nss = nssOf(countsOf(hour - k * window * HOUR_MS));
    if (nss !== undefined) values.push(nss);
  }
  const { mean, sd: sampleSd } = meanAndSd(values);
  const sd = Math.max(sampleSd, nssStandardError(current));
  const threshold = mean - sigma * sd;
  return {
    fires: values.length >= 2 && mentions > 0 && value < threshold && mentions >= minMentions,
    ...rounded({ value, mean, sd, threshold }),
    mentions,
    window: rule.window,
    baseline: rule.baseline,
  };
}

/** NSS in points, unrounded (the rules compare; netSentiment rounds for display). */
function nssOf(counts: SentimentCounts): number | undefined {
  const total = counts.positive + counts.negative + counts.neutral;
  return total === 0 ? undefined : ((counts.positive - counts.negative) / total) * 100;
}

/**
 * The standard error of a window's NSS from its own counts: NSS/100 is the mean of n draws of +1, −1 or 0,
 * whose variance is p₊ + p₋ − (p₊ − p₋)².
 */
export function nssStandardError(counts: SentimentCounts): number {
  const n = counts.positive + counts.negative + counts.neutral;
  if (n === 0) return 0;
  const plus = counts.positive / n;
  const minus = counts.negative / n;
  return 100 * Math.sqrt(Math.max(0, plus + minus - (plus - minus) ** 2) / n);
}

/** Mean and sample standard deviation (n − 1); zero for fewer than two values. */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return { mean, sd: 0 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

/** Two decimals: what a message quotes and a test compares; the decision is made before rounding. */
function rounded<T extends Record<string, number>>(numbers: T): T {
  return Object.fromEntries(
    Object.entries(numbers).map(([k, v]) => [k, Math.round(v * 100) / 100 || 0]),
  ) as T;
}
