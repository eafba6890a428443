import { describe, expect, it } from 'vitest';
import { counterKey } from '../../../domain/reports/reportCounters';
import type { CounterTotals } from '../../../domain/reports/reportCounters';
import { upliftReport } from '../../../domain/reports/upliftReport';
import { upliftStatistics } from '../../../domain/stats';

const scope = 'journey:cartRecovery' as const;
const entered = (arm: 'treatment' | 'control') => counterKey.cohortEntered(scope, 'purchase', arm);
const converted = (arm: 'treatment' | 'control') => counterKey.cohortConverted(scope, 'purchase', arm);

/** Treatment 2000 entries / 300 converted, control 200 / 20, spread over three hours. */
const totals: CounterTotals = {
  '2026-03-10T09': { [entered('treatment')]: 1200, [converted('treatment')]: 180, [entered('control')]: 150 },
  '2026-03-10T10': { [entered('treatment')]: 800, [converted('treatment')]: 120, [converted('control')]: 5 },
  '2026-03-11T23': { [entered('control')]: 50, [converted('control')]: 15 },
  // Other scopes, goals and the per-day histogram are not this report's.
  '2026-03-10': { [counterKey.marketingPerCustomer(1)]: 7 },
  '2026-03-12T00': {
    [counterKey.cohortEntered('global', 'purchase', 'treatment')]: 99,
    [counterKey.cohortEntered(scope, 'signup', 'treatment')]: 99,
    [counterKey.cohortEntered('journey:winBack', 'purchase', 'control')]: 99,
  },
};

describe('upliftReport', () => {
  it('adds up each arm over the hour buckets and gives upliftStatistics of the sums', () => {
    const report = upliftReport(totals, scope, 'purchase');
    expect(report.treatment).toEqual({ customers: 2000, converted: 300, rate: 0.15 });
    expect(report.control).toEqual({ customers: 200, converted: 20, rate: 0.1 });
    const stats = upliftStatistics({ customers: 2000, converted: 300 }, { customers: 200, converted: 20 });
    expect(report).toEqual({
      treatment: { customers: 2000, converted: 300, rate: 0.15 },
      control: { customers: 200, converted: 20, rate: 0.1 },
      absoluteLift: stats.absoluteLift,
      relativeLift: stats.relativeLift,
      pValue: stats.pValue,
      incrementalConversions: stats.incrementalConversions,
      significant: stats.significant,
    });
    // By hand: 15 % − 10 % = 5 points, × 2000 treated = 100 extra conversions; relative 0.15 / 0.10 − 1.
    expect(report.absoluteLift.value).toBeCloseTo(0.05, 12);
    expect(report.incrementalConversions).toBeCloseTo(100, 9);
    expect(report.relativeLift.value).toBeCloseTo(0.5, 12);
    // Pooled: p̄ = 320 / 2200, z = 0.05 / √(p̄(1 − p̄)(1/2000 + 1/200)) ≈ 1.912, p ≈ 0.0558.
    expect(report.pValue).toBeCloseTo(0.0558, 4);
    expect(report.significant).toBe(false);
  });

  it('keeps scopes and goals apart', () => {
    const global = upliftReport(totals, 'global', 'purchase');
    expect(global.treatment).toEqual({ customers: 99, converted: 0, rate: 0 });
    expect(upliftReport(totals, scope, 'signup').treatment.customers).toBe(99);
    expect(upliftReport(totals, 'campaign:spring', 'purchase').treatment.customers).toBe(0);
  });

  it('answers nulls for an empty arm, as upliftStatistics does', () => {
    const report = upliftReport(totals, 'global', 'purchase');
    expect(report.control).toEqual({ customers: 0, converted: 0, rate: null });
    expect(report).toMatchObject({
      absoluteLift: { value: null, ci95: null },
      relativeLift: { value: null, ci95: null },
      pValue: null,
      incrementalConversions: null,
      significant: false,
    });
    expect(upliftReport({}, scope, 'purchase').treatment).toEqual({ customers: 0, converted: 0, rate: null });
  });

  it('reads names with separators and dots as the workflow wrote them', () => {
    const odd = 'campaign:spring|sale.2026' as const;
    const report = upliftReport(
      {
        '2026-03-10T09': {
          [counterKey.cohortEntered(odd, 'buy.now', 'treatment')]: 4,
          [counterKey.cohortConverted(odd, 'buy.now', 'treatment')]: 1,
        },
      },
      odd,
      'buy.now',
    );
    expect(report.treatment).toEqual({ customers: 4, converted: 1, rate: 0.25 });
  });
});
