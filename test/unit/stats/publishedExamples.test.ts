import { describe, expect, it } from 'vitest';
import { newcombeDifference, relativeLift, wilsonInterval } from '../../../domain/stats';

/** Published limits are given to 4 decimals; `toBeCloseTo(x, 4)` asks that ours round to the same. */
const expectLimits = (actual: readonly [number, number] | null, lo: number, hi: number) => {
  expect(actual).not.toBeNull();
  expect(actual?.[0]).toBeCloseTo(lo, 4);
  expect(actual?.[1]).toBeCloseTo(hi, 4);
};

describe('wilsonInterval against Newcombe 1998a (Stat Med 17:857–872, method 3)', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f to %f', (converted, customers, lo, hi) => {
    expectLimits(wilsonInterval({ customers, converted }), lo, hi);
  });

  it('gives exactly 0 and 1 at the ends', () => {
    expect(wilsonInterval({ customers: 20, converted: 0 })?.[0]).toBe(0);
    expect(wilsonInterval({ customers: 20, converted: 20 })?.[1]).toBe(1);
  });
});

describe('newcombeDifference against Newcombe 1998b (Stat Med 17:873–890), Table II, method 10', () => {
  // (c) is 0.0582 to 0.8062 in the paper, and by the formula; 0.0381 to 0.8301 is not method 10's.
  it.each([
    ['(a)', 56, 70, 48, 80, 0.0524, 0.3339],
    ['(b)', 9, 10, 3, 10, 0.1705, 0.809],
    ['(c)', 6, 7, 2, 7, 0.0582, 0.8062],
    ['(d)', 5, 56, 0, 29, -0.0381, 0.1926],
    ['(e)', 0, 10, 0, 20, -0.1611, 0.2775],
    ['(f)', 0, 10, 0, 10, -0.2775, 0.2775],
    ['(g)', 10, 10, 0, 20, 0.6791, 1],
    ['(h)', 10, 10, 0, 10, 0.6075, 1],
  ])('%s %i/%i − %i/%i → %f to %f', (_, x1, n1, x2, n2, lo, hi) => {
    expectLimits(
      newcombeDifference({ customers: n1, converted: x1 }, { customers: n2, converted: x2 }),
      lo,
      hi,
    );
  });
});

describe('relativeLift against the Katz log interval as SciPy documents it', () => {
  // scipy.stats.contingency.relative_risk(10, 75, 12, 225): RR 2.5, 95 % CI 1.1261564003469628 to
  // 5.549850800541033; the relative lift is RR − 1.
  it('10/75 against 12/225 → +150 %, 95 % CI +12.6 % to +455.0 %', () => {
    const lift = relativeLift({ customers: 75, converted: 10 }, { customers: 225, converted: 12 });
    expect(lift.value).toBeCloseTo(1.5, 12);
    expect(lift.ci95?.[0]).toBeCloseTo(1.1261564003469628 - 1, 10);
    expect(lift.ci95?.[1]).toBeCloseTo(5.549850800541033 - 1, 10);
  });
});
