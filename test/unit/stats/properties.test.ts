import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArmCounts, Interval } from '../../../domain/stats';
import {
  newcombeDifference,
  relativeLift,
  twoProportionZTest,
  upliftStatistics,
  wilsonInterval,
} from '../../../domain/stats';

const arm = (maxCustomers = 5000): fc.Arbitrary<ArmCounts> =>
  fc
    .integer({ min: 1, max: maxCustomers })
    .chain((customers) =>
      fc.integer({ min: 0, max: customers }).map((converted) => ({ customers, converted })),
    );
const scaled = (counts: ArmCounts, k: number): ArmCounts => ({
  customers: counts.customers * k,
  converted: counts.converted * k,
});
const width = (interval: Interval | null): number => interval![1] - interval![0];
const rate = (counts: ArmCounts): number => counts.converted / counts.customers;

describe('interval properties', () => {
  it('each interval contains its estimate and stays within its range', () => {
    fc.assert(
      fc.property(arm(), arm(), (t, c) => {
        const [wlo, whi] = wilsonInterval(t)!;
        expect(0 <= wlo && wlo <= rate(t) && rate(t) <= whi && whi <= 1).toBe(true);
        const difference = rate(t) - rate(c);
        const [lo, hi] = newcombeDifference(t, c)!;
        expect(-1 <= lo && lo <= difference && difference <= hi && hi <= 1).toBe(true);
        const relative = relativeLift(t, c);
        if (relative.ci95 !== null) {
          expect(relative.ci95[0]).toBeLessThanOrEqual(relative.value!);
          expect(relative.value!).toBeLessThanOrEqual(relative.ci95[1]);
          expect(relative.ci95[0]).toBeGreaterThanOrEqual(-1);
        }
      }),
    );
  });

  it('narrows as the arms grow at the same rates', () => {
    fc.assert(
      fc.property(arm(2000), arm(2000), fc.integer({ min: 2, max: 50 }), (t, c, k) => {
        expect(width(wilsonInterval(scaled(t, k)))).toBeLessThan(width(wilsonInterval(t)));
        expect(width(newcombeDifference(scaled(t, k), scaled(c, k)))).toBeLessThan(
          width(newcombeDifference(t, c)),
        );
        const before = relativeLift(t, c).ci95;
        const after = relativeLift(scaled(t, k), scaled(c, k)).ci95;
        if (before !== null) expect(width(after)).toBeLessThan(width(before));
      }),
    );
  });

  it('mirrors when the arms are swapped', () => {
    fc.assert(
      fc.property(arm(), arm(), (t, c) => {
        const [lo, hi] = newcombeDifference(t, c)!;
        const [swappedLo, swappedHi] = newcombeDifference(c, t)!;
        expect(swappedLo).toBeCloseTo(-hi, 14);
        expect(swappedHi).toBeCloseTo(-lo, 14);
        expect(twoProportionZTest(c, t)!.pValue).toBeCloseTo(twoProportionZTest(t, c)!.pValue, 14);
        // The ratio inverts: (1 + lo′)(1 + hi) = 1.
        const forward = relativeLift(t, c).ci95;
        const backward = relativeLift(c, t).ci95;
        if (forward !== null && backward !== null) {
          expect((1 + backward[0]) * (1 + forward[1])).toBeCloseTo(1, 10);
          expect((1 + backward[1]) * (1 + forward[0])).toBeCloseTo(1, 10);
        }
      }),
    );
  });

  it('gives a p-value in [0, 1] and calls significant exactly when the interval excludes 0', () => {
    fc.assert(
      fc.property(arm(100_000), arm(100_000), (t, c) => {
        const report = upliftStatistics(t, c);
        expect(report.pValue).toBeGreaterThanOrEqual(0);
        expect(report.pValue).toBeLessThanOrEqual(1);
        const [lo, hi] = report.absoluteLift.ci95!;
        expect(report.significant).toBe(lo > 0 || hi < 0);
        expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
      }),
    );
  });

  it('reports no lift and p = 1 when the rates are equal', () => {
    fc.assert(
      fc.property(arm(1000), fc.integer({ min: 1, max: 20 }), (counts, k) => {
        const report = upliftStatistics(scaled(counts, k), counts);
        expect(report.absoluteLift.value).toBe(0);
        expect(report.incrementalConversions).toBe(0);
        expect(report.pValue).toBe(1);
        expect(report.significant).toBe(false);
        if (counts.converted > 0) expect(report.relativeLift.value).toBe(0);
      }),
    );
  });
});
