import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { netSentiment, sumCounts } from '../../../domain/sentiment/netSentiment';

describe('netSentiment', () => {
  it('is % positive minus % negative, neutral in the denominator', () => {
    expect(netSentiment({ positive: 6, negative: 2, neutral: 2 })).toEqual({
      positive: 6,
      negative: 2,
      neutral: 2,
      total: 10,
      nss: 40,
    });
    // Without neutral in the denominator this would be 50 - 50 = 0 either way; with it, neutral dilutes.
    expect(netSentiment({ positive: 1, negative: 0, neutral: 3 }).nss).toBe(25);
    expect(netSentiment({ positive: 0, negative: 5, neutral: 0 }).nss).toBe(-100);
  });

  it('rounds to one decimal, half away from zero, symmetric around 0', () => {
    expect(netSentiment({ positive: 1, negative: 0, neutral: 2 }).nss).toBe(33.3);
    expect(netSentiment({ positive: 0, negative: 1, neutral: 2 }).nss).toBe(-33.3);
    expect(netSentiment({ positive: 2, negative: 0, neutral: 1 }).nss).toBe(66.7);
    expect(netSentiment({ positive: 0, negative: 2, neutral: 1 }).nss).toBe(-66.7);
  });

  it('is null, not 0, when nothing was scored', () => {
    expect(netSentiment({ positive: 0, negative: 0, neutral: 0 })).toEqual({
      positive: 0,
      negative: 0,
      neutral: 0,
      total: 0,
      nss: null,
    });
  });

  it('is 0 (never -0) when positives and negatives balance', () => {
    expect(Object.is(netSentiment({ positive: 3, negative: 3, neutral: 1 }).nss, 0)).toBe(true);
  });

  it('stays within -100..100 and mirrors when positive and negative swap', () => {
    const count = fc.nat({ max: 10_000 });
    fc.assert(
      fc.property(count, count, count, (positive, negative, neutral) => {
        const result = netSentiment({ positive, negative, neutral });
        if (positive + negative + neutral === 0) return expect(result.nss).toBeNull();
        expect(result.nss).toBeGreaterThanOrEqual(-100);
        expect(result.nss).toBeLessThanOrEqual(100);
        expect(netSentiment({ positive: negative, negative: positive, neutral }).nss).toBe(-result.nss! || 0);
      }),
    );
  });
});

describe('sumCounts', () => {
  it('adds bucket counts up, and is all zeros for no buckets', () => {
    expect(
      sumCounts([
        { positive: 1, negative: 2, neutral: 3 },
        { positive: 4, negative: 5, neutral: 6 },
      ]),
    ).toEqual({ positive: 5, negative: 7, neutral: 9 });
    expect(sumCounts([])).toEqual({ positive: 0, negative: 0, neutral: 0 });
  });
});
