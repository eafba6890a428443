// Scoring the scorers: accuracy, macro-F1, cross-validation folds and threshold selection. Used by the
// training and evaluation scripts, so every scorer is judged by the same code.
import type { SentimentLabel } from '../../domain/sentiment/sentimentResult';
import { labelFor, type SentimentThresholds } from '../../domain/sentiment/sentimentThresholds';

export const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export function accuracy(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): number {
  let right = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) right++;
  return gold.length === 0 ? 0 : right / gold.length;
}

/** Mean F1 over the classes present in the gold labels (two for binary sets, three for ternary). */
export function macroF1(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): number {
  const classes = LABELS.filter((label) => gold.includes(label));
  let sum = 0;
  for (const label of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label) {
        if (gold[i] === label) tp++;
        else fp++;
      } else if (gold[i] === label) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return classes.length === 0 ? 0 : sum / classes.length;
}

/** Deterministic PRNG, so folds (and therefore every reported figure) are the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stratified fold index per item: each class is shuffled and dealt round-robin over k folds. */
export function stratifiedFolds(labels: readonly SentimentLabel[], k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const folds = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const label of LABELS) {
    const members = labels.flatMap((l, i) => (l === label ? [i] : []));
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    for (const index of members) folds[index] = next++ % k;
  }
  return folds;
}

/** Positive at or above `threshold`, negative below: how a score is read on a binary set. */
export function binaryLabel(score: number, threshold: number): SentimentLabel {
  return score >= threshold ? 'positive' : 'negative';
}

/** Neutral band [negativeBelow, positiveAbove]: negative under it, positive over it, neutral inside. */
export type Band = SentimentThresholds;

/** The product's own labelling rule, so that what is measured is what ships. */
export const ternaryLabel: (score: number, band: Band) => SentimentLabel = labelFor;

function candidateCuts(sorted: readonly number[], count: number): number[] {
  const cuts = new Set<number>([0]);
  for (let q = 0; q <= count; q++) {
    const index = Math.min(sorted.length - 1, Math.floor((q / count) * (sorted.length - 1)));
    if (index >= 0) cuts.add(sorted[index]);
  }
  return [...cuts].sort((a, b) => a - b);
}

/** The binary threshold with the best accuracy on these scores; ties go to the one nearest zero. */
export function tuneBinaryThreshold(scores: readonly number[], gold: readonly SentimentLabel[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Sweep from "everything positive" upwards; each step turns one more item negative.
  let correct = gold.filter((g) => g === 'positive').length;
  let best = correct;
  let bestThreshold = order.length > 0 ? scores[order[0]] : 0;
  for (let r = 0; r < order.length; r++) {
    correct += gold[order[r]] === 'positive' ? -1 : 1;
    const atBoundary = r === order.length - 1 || scores[order[r + 1]] !== scores[order[r]];
    if (!atBoundary) continue;
    const threshold =
      r === order.length - 1 ? scores[order[r]] + 1e-9 : (scores[order[r]] + scores[order[r + 1]]) / 2;
    if (correct > best || (correct === best && Math.abs(threshold) < Math.abs(bestThreshold))) {
      best = correct;
      bestThreshold = threshold;
    }
  }
  return bestThreshold;
}

/** What a band search maximizes. */
export type BandObjective = 'macroF1' | 'accuracy';

export interface BandSearch {
  /** Restrict to [-t, t], which does not bend to one data set's share of positives. */
  symmetric?: boolean;
  /**
   * macro-F1 (the default) is what the shipped thresholds are chosen for. accuracy is for measuring: the
   * best accuracy any band reaches on a set, chosen on that same set, is a ceiling for a scorer's scores.
   */
  objective?: BandObjective;
}

/**
 * The neutral band with the best objective on these scores, searched over score quantiles (plus zero).
 * Counting through sorted scores makes each candidate band O(log n).
 */
export function tuneNeutralBand(
  scores: readonly number[],
  gold: readonly SentimentLabel[],
  { symmetric = false, objective = 'macroF1' }: BandSearch = {},
): Band {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const sorted = order.map((i) => scores[i]);
  const n = sorted.length;
  // prefix[c][r]: items of class c among the r lowest scores.
  const prefix = LABELS.map((label) => {
    const counts = new Int32Array(n + 1);
    for (let r = 0; r < n; r++) counts[r + 1] = counts[r] + (gold[order[r]] === label ? 1 : 0);
    return counts;
  });
  const firstAbove = (value: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] > value) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const firstAtOrAbove = (value: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] >= value) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const totals = prefix.map((p) => p[n]);
  const cuts = candidateCuts(sorted, 200);
  // A symmetric band needs each cut's mirror image as a candidate too.
  if (symmetric) for (const cut of [...cuts]) if (!cuts.includes(-cut)) cuts.push(-cut);
  cuts.sort((a, b) => a - b);
  let best: Band = { negativeBelow: 0, positiveAbove: 0 };
  let bestValue = -1;
  for (const low of cuts) {
    if (low > 0) break;
    const negEnd = firstAtOrAbove(low);
    for (const high of cuts) {
      if (high < low || high < 0 || (symmetric && high !== -low)) continue;
      const posStart = firstAbove(high);
      let f1 = 0;
      let correct = 0;
      for (let c = 0; c < LABELS.length; c++) {
        if (totals[c] === 0) continue;
        const [start, end] = c === 0 ? [0, negEnd] : c === 1 ? [negEnd, posStart] : [posStart, n];
        const tp = prefix[c][end] - prefix[c][start];
        const predicted = end - start;
        f1 += tp === 0 ? 0 : (2 * tp) / (predicted + totals[c]);
        correct += tp;
      }
      const value = objective === 'accuracy' ? correct : f1;
      if (value > bestValue + 1e-12) {
        bestValue = value;
        best = { negativeBelow: low, positiveAbove: high };
      }
    }
  }
  return best;
}
