import { describe, expect, it } from 'vitest';
import {
  InvalidArmCounts,
  newcombeDifference,
  twoProportionZTest,
  upliftStatistics,
  wilsonInterval,
} from '../../../domain/stats';

describe('upliftStatistics', () => {
  it('reports a worked A/B result in the contract’s shape', () => {
    // Newcombe's example (a), read as treatment 56/70 against control 48/80.
    const report = upliftStatistics({ customers: 70, converted: 56 }, { customers: 80, converted: 48 });
    expect(report.treatment).toMatchObject({ customers: 70, converted: 56, rate: 0.8 });
    expect(report.control).toMatchObject({ customers: 80, converted: 48, rate: 0.6 });
    expect(report.treatment.ci95).toEqual(wilsonInterval({ customers: 70, converted: 56 }));
    expect(report.absoluteLift.value).toBeCloseTo(0.2, 12);
    expect(report.absoluteLift.ci95?.[0]).toBeCloseTo(0.0524, 4);
    expect(report.absoluteLift.ci95?.[1]).toBeCloseTo(0.3339, 4);
    expect(report.relativeLift.value).toBeCloseTo(1 / 3, 12);
    // Katz by hand: SE = √(1/56 − 1/70 + 1/48 − 1/80), (4/3)·exp(±1.959964·SE) − 1.
    const se = Math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80);
    expect(report.relativeLift.ci95?.[0]).toBeCloseTo((4 / 3) * Math.exp(-1.959963984540054 * se) - 1, 12);
    expect(report.relativeLift.ci95?.[1]).toBeCloseTo((4 / 3) * Math.exp(1.959963984540054 * se) - 1, 12);
    expect(report.pValue).toBeCloseTo(0.008, 4);
    expect(report.incrementalConversions).toBeCloseTo(14, 10);
    expect(report.significant).toBe(true);
  });

  it('says nothing it cannot know about an empty arm: nulls, never NaN', () => {
    const report = upliftStatistics({ customers: 0, converted: 0 }, { customers: 100, converted: 10 });
    expect(report.treatment).toEqual({ customers: 0, converted: 0, rate: null, ci95: null });
    expect(report.control.rate).toBe(0.1);
    expect(report).toMatchObject({
      absoluteLift: { value: null, ci95: null },
      relativeLift: { value: null, ci95: null },
      pValue: null,
      incrementalConversions: null,
      significant: false,
    });
    expect(JSON.stringify(report)).not.toMatch(/NaN|null,null\]/);
    const bothEmpty = upliftStatistics({ customers: 0, converted: 0 }, { customers: 0, converted: 0 });
    expect(bothEmpty.control.rate).toBeNull();
    expect(bothEmpty.significant).toBe(false);
  });

  it('handles nobody and everybody converting', () => {
    const noneAnywhere = upliftStatistics({ customers: 20, converted: 0 }, { customers: 10, converted: 0 });
    expect(noneAnywhere.absoluteLift.value).toBe(0);
    expect(noneAnywhere.absoluteLift.ci95?.[0]).toBeCloseTo(-0.2775, 4);
    expect(noneAnywhere.absoluteLift.ci95?.[1]).toBeCloseTo(0.1611, 4);
    expect(noneAnywhere.relativeLift).toEqual({ value: null, ci95: null });
    expect(noneAnywhere.pValue).toBe(1);
    expect(noneAnywhere.significant).toBe(false);

    const noneInTreatment = upliftStatistics(
      { customers: 50, converted: 0 },
      { customers: 50, converted: 5 },
    );
    expect(noneInTreatment.relativeLift).toEqual({ value: -1, ci95: null });

    const allInBoth = upliftStatistics({ customers: 10, converted: 10 }, { customers: 10, converted: 10 });
    expect(allInBoth.relativeLift).toEqual({ value: 0, ci95: null });
    expect(allInBoth.absoluteLift.ci95?.[0]).toBeCloseTo(-0.2775, 4);
    expect(allInBoth.pValue).toBe(1);
  });

  it('stays finite and sensible at very large arms', () => {
    const report = upliftStatistics(
      { customers: 50_000_000, converted: 1_010_000 },
      { customers: 50_000_000, converted: 1_000_000 },
    );
    expect(report.absoluteLift.value).toBeCloseTo(0.0002, 12);
    const [lo, hi] = report.absoluteLift.ci95!;
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(0.0004);
    expect(report.pValue).toBeGreaterThan(0);
    expect(report.pValue).toBeLessThan(1e-10);
    expect(report.incrementalConversions).toBeCloseTo(10_000, 4);
    expect(report.significant).toBe(true);
    const tiny = upliftStatistics({ customers: 1e15, converted: 1 }, { customers: 1e15, converted: 0 });
    expect(tiny.treatment.ci95?.[0]).toBeGreaterThan(0);
    expect(tiny.significant).toBe(false);
  });

  it('refuses counts that cannot be an arm, naming it', () => {
    for (const [customers, converted] of [
      [10, 11],
      [-1, 0],
      [10, -1],
      [10.5, 1],
      [Number.NaN, 0],
      [Infinity, 0],
    ]) {
      expect(() => upliftStatistics({ customers: 100, converted: 1 }, { customers, converted })).toThrow(
        InvalidArmCounts,
      );
    }
    expect(() => upliftStatistics({ customers: 1, converted: 2 }, { customers: 1, converted: 0 })).toThrow(
      /^treatment must/,
    );
  });
});

describe('significant: the absolute lift’s interval excludes 0', () => {
  // Every pair of arms up to 60 customers each, and a band of larger unequal arms.
  const tables: [number, number, number, number][] = [];
  for (const [n1, n2] of [
    [10, 10],
    [20, 20],
    [60, 60],
    [40, 20],
    [30, 90],
  ]) {
    for (let x1 = 0; x1 <= n1; x1++) for (let x2 = 0; x2 <= n2; x2++) tables.push([x1, n1, x2, n2]);
  }
  for (let x1 = 0; x1 <= 60; x1++) for (let x2 = 0; x2 <= 60; x2++) tables.push([x1, 1000, x2, 1000]);

  it('agrees with p < 0.05 away from the threshold, and differs only near it', () => {
    const disagreements: number[] = [];
    for (const [x1, n1, x2, n2] of tables) {
      const report = upliftStatistics({ customers: n1, converted: x1 }, { customers: n2, converted: x2 });
      if (report.significant !== report.pValue! < 0.05) disagreements.push(report.pValue!);
    }
    // The interval and the test use different standard errors (each arm's own, Wilson-style, against one
    // pooled rate), so they can split on a table whose p is close to 0.05, never on one far from it.
    expect(disagreements.length).toBeGreaterThan(0);
    expect(disagreements.length / tables.length).toBeLessThan(0.01);
    for (const p of disagreements) {
      expect(p).toBeGreaterThan(0.03);
      expect(p).toBeLessThan(0.06);
    }
  });

  it('can be more cautious than the test: 4 of 20 against 0 of 20', () => {
    const report = upliftStatistics({ customers: 20, converted: 4 }, { customers: 20, converted: 0 });
    expect(report.pValue).toBeCloseTo(0.035, 3);
    expect(report.absoluteLift.ci95?.[0]).toBeCloseTo(-0.0005, 4);
    expect(report.significant).toBe(false);
    expect(newcombeDifference({ customers: 20, converted: 4 }, { customers: 20, converted: 0 })).toEqual(
      report.absoluteLift.ci95,
    );
    expect(twoProportionZTest({ customers: 20, converted: 4 }, { customers: 20, converted: 0 })?.pValue).toBe(
      report.pValue,
    );
  });
});
