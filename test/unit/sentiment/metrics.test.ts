import { describe, expect, it } from 'vitest';
import type { SentimentLabel } from '../../../domain/sentiment/sentimentResult';
import {
  accuracy,
  macroF1,
  stratifiedFolds,
  ternaryLabel,
  tuneBinaryThreshold,
  tuneNeutralBand,
} from '../../../sentiment/training/metrics';

const P: SentimentLabel = 'positive';
const N: SentimentLabel = 'negative';
const O: SentimentLabel = 'neutral';

describe('metrics', () => {
  it('computes accuracy and macro-F1 over the classes present', () => {
    expect(accuracy([P, N, P, N], [P, N, N, N])).toBe(0.75);
    // positive F1 = 2/3, negative F1 = 0.8
    expect(macroF1([P, N, P, N], [P, N, N, N])).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
  });

  it('tunes a binary threshold that separates separable scores', () => {
    const threshold = tuneBinaryThreshold([-0.9, -0.5, 0.2, 0.3, 0.8], [N, N, N, P, P]);
    expect(threshold).toBeGreaterThan(0.2);
    expect(threshold).toBeLessThanOrEqual(0.3);
  });

  it('tunes a neutral band that recovers a neutral middle', () => {
    const scores = [-0.9, -0.6, -0.05, 0, 0.05, 0.6, 0.9];
    const gold = [N, N, O, O, O, P, P];
    const band = tuneNeutralBand(scores, gold);
    expect(scores.map((s) => ternaryLabel(s, band))).toEqual(gold);
  });

  it('chooses the band for accuracy or for macro-F1, as asked', () => {
    // One neutral text among weak positives: calling the weak ones neutral catches it (better macro-F1)
    // but costs two positives (worse accuracy).
    const scores = [-0.9, 0.1, 0.12, 0.15, 0.2, 0.3, 0.9];
    const gold = [N, P, P, O, P, P, P];
    const forF1 = tuneNeutralBand(scores, gold);
    const forAccuracy = tuneNeutralBand(scores, gold, { objective: 'accuracy' });
    expect(ternaryLabel(0.15, forF1)).toBe(O);
    expect(
      accuracy(
        gold,
        scores.map((s) => ternaryLabel(s, forAccuracy)),
      ),
    ).toBeCloseTo(6 / 7, 10);
    expect(
      accuracy(
        gold,
        scores.map((s) => ternaryLabel(s, forF1)),
      ),
    ).toBeLessThan(6 / 7);
  });

  it('keeps a symmetric band symmetric', () => {
    const band = tuneNeutralBand([-0.9, -0.3, 0, 0.1, 0.5, 0.9], [N, N, O, O, P, P], { symmetric: true });
    expect(band.negativeBelow).toBe(-band.positiveAbove);
  });

  it('makes deterministic stratified folds', () => {
    const labels = [...Array<SentimentLabel>(30).fill(P), ...Array<SentimentLabel>(20).fill(N)];
    const folds = stratifiedFolds(labels, 10, 7);
    expect(stratifiedFolds(labels, 10, 7)).toEqual(folds);
    for (let f = 0; f < 10; f++) expect(folds.filter((x) => x === f)).toHaveLength(5);
  });
});
