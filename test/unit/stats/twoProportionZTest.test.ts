import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from '../../../domain/stats';

/** Two-sided tail of the standard normal by Simpson's rule on its density: no library, no erf. */
function twoSidedTail(z: number): number {
  const from = Math.abs(z);
  const to = from + 40;
  const steps = 200_000;
  const h = (to - from) / steps;
  const density = (t: number) => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
  let sum = density(from) + density(to);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * density(from + i * h);
  return 2 * ((sum * h) / 3);
}

/** Pearson's χ² for the 2×2 table, N(ad − bc)² / (row and column totals), without continuity correction. */
function pearsonChiSquare(x1: number, n1: number, x2: number, n2: number): number {
  const [a, b, c, d] = [x1, n1 - x1, x2, n2 - x2];
  const total = n1 + n2;
  return (total * (a * d - b * c) ** 2) / (n1 * n2 * (a + c) * (b + d));
}

describe('twoProportionZTest', () => {
  it('matches a published worked example', () => {
    // usablestats.com, "Ask Stats" question 866 (J. Sauro): 118 of 3,303 against 80 of 3,303; pooled
    // .02997, standard error .004196, z = 2.74195, two-sided p = .00611.
    const test = twoProportionZTest({ customers: 3303, converted: 118 }, { customers: 3303, converted: 80 });
    expect(test?.z).toBeCloseTo(2.74195, 5);
    expect(test?.pValue).toBeCloseTo(0.00611, 5);
  });

  it.each([
    [118, 3303, 80, 3303],
    [56, 70, 48, 80],
    [5, 56, 0, 29],
    [189, 11034, 104, 11037],
    [500, 44925, 505, 44910],
    [1, 3, 2, 3],
  ])('agrees with a direct computation for %i/%i against %i/%i', (x1, n1, x2, n2) => {
    const test = twoProportionZTest({ customers: n1, converted: x1 }, { customers: n2, converted: x2 });
    expect(test).not.toBeNull();
    // z² is Pearson's χ², computed here from the table instead of from the rates.
    expect(test!.z ** 2).toBeCloseTo(pearsonChiSquare(x1, n1, x2, n2), 9);
    expect(Math.sign(test!.z)).toBe(Math.sign(x1 / n1 - x2 / n2));
    expect(test!.pValue).toBeCloseTo(twoSidedTail(test!.z), 9);
  });

  it('keeps a tiny p-value instead of rounding it to 0', () => {
    // z ≈ 14.3: 1 − Φ(z) is 0 in floating point, Φ(−z) is about 1e-46.
    const test = twoProportionZTest(
      { customers: 100_000, converted: 12_000 },
      { customers: 100_000, converted: 10_000 },
    );
    expect(test!.z).toBeGreaterThan(14);
    expect(test!.pValue).toBeGreaterThan(0);
    expect(test!.pValue).toBeLessThan(1e-40);
  });

  it('gives p = 1 when the rates are equal, including when nobody or everybody converted', () => {
    for (const [x1, n1, x2, n2] of [
      [3, 10, 6, 20],
      [0, 10, 0, 20],
      [10, 10, 20, 20],
    ]) {
      expect(twoProportionZTest({ customers: n1, converted: x1 }, { customers: n2, converted: x2 })).toEqual({
        z: 0,
        pValue: 1,
      });
    }
  });

  it('has no answer for an arm with no customers', () => {
    expect(twoProportionZTest({ customers: 0, converted: 0 }, { customers: 10, converted: 1 })).toBeNull();
  });
});
