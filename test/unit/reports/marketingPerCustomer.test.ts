import { describe, expect, it } from 'vitest';
import { marketingPerCustomer } from '../../../domain/reports/marketingPerCustomer';
import { counterKey } from '../../../domain/reports/reportCounters';

const mpc = counterKey.marketingPerCustomer;

describe('marketingPerCustomer', () => {
  it('takes nearest-rank percentiles over customer-days of every day bucket', () => {
    // Ten customer-days: 1,1,1,1 | 2,2,2 | 3,3 | 5 (day one 1×3, 2×2, 5×1; day two 1×1, 2×1, 3×2).
    const report = marketingPerCustomer({
      '2026-03-10': { [mpc(1)]: 3, [mpc(2)]: 2, [mpc(5)]: 1 },
      '2026-03-11': { [mpc(1)]: 1, [mpc(2)]: 1, [mpc(3)]: 2 },
      // Hour buckets hold no histogram, whatever they say.
      '2026-03-11T09': { [mpc(9)]: 100 },
    });
    // p50: the 5th of 10 (1,1,1,1,2) → 2; p90: the 9th → 3; max 5.
    expect(report).toEqual({ p50: 2, p90: 3, max: 5 });
  });

  it('is null when nobody was sent any marketing message', () => {
    expect(marketingPerCustomer({})).toEqual({ p50: null, p90: null, max: null });
    expect(marketingPerCustomer({ '2026-03-10': { [counterKey.sent()]: 4 } })).toEqual({
      p50: null,
      p90: null,
      max: null,
    });
  });

  it('counts no customer in a bin that moves emptied (a customer moved up from it) or below 1', () => {
    const report = marketingPerCustomer({
      '2026-03-10': { [mpc(1)]: 0, [mpc(2)]: 4, [mpc(3)]: -1, [mpc(0)]: 7 },
      '2026-03-11': { [mpc(3)]: 1 },
    });
    // Bin 3 sums to 0 over the two days; bin 1 is empty; bin 0 is no customer-day.
    expect(report).toEqual({ p50: 2, p90: 2, max: 2 });
  });

  it('gives the one value for a single customer-day', () => {
    expect(marketingPerCustomer({ '2026-03-10': { [mpc(4)]: 1 } })).toEqual({ p50: 4, p90: 4, max: 4 });
  });
});
