import { describe, expect, it } from 'vitest';
import { lastDays, rangeProblem, rangeQuery } from '../../../web/src/dateRange';
import { describeDecisionInputs } from '../../../web/src/decisionInputs';

describe("the dashboard's period", () => {
  it('is whole days in the viewer’s zone: from the first midnight to the midnight after the last day', () => {
    const { from, to } = rangeQuery({ from: '2026-11-30', to: '2026-12-01' });
    expect(new Date(from)).toEqual(new Date(2026, 10, 30));
    expect(new Date(to)).toEqual(new Date(2026, 11, 2));
  });

  it('counts today in the last n days', () => {
    expect(lastDays(7, new Date(2026, 11, 4, 15, 30))).toEqual({ from: '2026-11-28', to: '2026-12-04' });
    expect(lastDays(1, new Date(2026, 0, 1, 0, 5))).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });

  it('says why a pick cannot be asked for', () => {
    expect(rangeProblem({ from: '2026-12-02', to: '2026-12-01' })).toMatch(/must not be after/);
    expect(rangeProblem({ from: '', to: '2026-12-01' })).toMatch(/Pick both/);
    expect(rangeProblem({ from: '2026-12-01', to: '2026-12-01' })).toBeNull();
  });
});

describe('what a decision weighed, in words', () => {
  it('shows caps as used/limit in their window, instants as times, lists as lists', () => {
    const phrases = describeDecisionInputs({
      caps: [{ name: 'marketing-24h', limit: 2, window: '24h', sentInWindow: 1, reservedAhead: 1 }],
      openCases: 1,
      activeExclusions: ['open_case', 'negative_sentiment'],
      lastNegativeSentimentAt: Date.UTC(2026, 11, 4, 7, 31),
    });
    expect(phrases[0]).toBe('caps: marketing-24h 1/2 in 24h (+1 due)');
    expect(phrases[1]).toBe('openCases: 1');
    expect(phrases[2]).toBe('activeExclusions: open_case, negative_sentiment');
    expect(phrases[3]).toMatch(/^lastNegativeSentimentAt: .*2026/);
    expect(describeDecisionInputs(null)).toEqual([]);
  });
});
