import { describe, expect, it } from 'vitest';
import type { SentimentSummary } from '../../../domain/customer/sentimentSummary';
import { addSentimentSample, emptySentiment } from '../../../domain/customer/sentimentSummary';
import { defaultPolicy } from '../../../domain/policy';

// How the customer feels lately, as the profile and the Temporal UI show it. Scores here sit well clear of the
// label thresholds: where exactly a label changes is the sentiment module's rule (test/unit/sentiment/).
const thresholds = defaultPolicy.sentiment;
const DAY = 24 * 3_600_000;
const start = Date.UTC(2026, 5, 1, 12);
const day = (n: number) => new Date(start + n * DAY).toISOString();

/** The summary after these `[day, score]` remarks, in the order given. */
function summaryOf(...remarks: [number, number][]): SentimentSummary {
  return remarks.reduce(
    (summary, [n, score]) => addSentimentSample(summary, { at: day(n), score }, thresholds),
    emptySentiment,
  );
}

describe("the customer's sentiment", () => {
  it('starts neutral and stable, with nothing to go on', () => {
    expect(emptySentiment).toEqual({ score: 0, label: 'neutral', trend: 'stable', samples: [] });
  });

  it('is the score of a single remark, labelled', () => {
    expect(summaryOf([0, -0.8])).toMatchObject({ score: -0.8, label: 'negative', lastAt: day(0) });
    expect(summaryOf([0, 0.8]).label).toBe('positive');
    expect(summaryOf([0, 0.05]).label).toBe('neutral');
  });

  it('weighs a week-old remark half as much as one made now', () => {
    // (0.5 × -1 + 1 × 1) / 1.5
    expect(summaryOf([0, -1], [7, 1]).score).toBeCloseTo(0.333, 3);
  });

  it('forgives: a month of pleased remarks outweighs an old complaint', () => {
    const remarks: [number, number][] = [[0, -0.9]];
    for (let n = 10; n <= 25; n += 5) remarks.push([n, 0.6]);
    expect(summaryOf(...remarks).label).toBe('positive');
  });

  it('forgets remarks older than 30 days before the newest', () => {
    const summary = summaryOf([0, -0.9], [31, 0.5]);
    expect(summary.samples).toEqual([{ at: day(31), score: 0.5 }]);
    expect(summary.score).toBe(0.5);
  });

  it('keeps the 50 newest remarks', () => {
    const remarks = Array.from({ length: 60 }, (_, i): [number, number] => [i / 10, 0.1]);
    const summary = summaryOf(...remarks);
    expect(summary.samples).toHaveLength(50);
    expect(summary.samples[0].at).toBe(day(1));
  });

  it('takes a late-arriving remark in its place, without moving the latest time back', () => {
    const summary = summaryOf([2, 0.4], [1, -0.4]);
    expect(summary.samples.map((s) => s.at)).toEqual([day(1), day(2)]);
    expect(summary.lastAt).toBe(day(2));
  });

  it('sees a trend when the last three remarks differ from the three before', () => {
    const worse = summaryOf([0, 0.5], [1, 0.6], [2, 0.5], [3, -0.2], [4, -0.3], [5, -0.4]);
    const better = summaryOf([0, -0.5], [1, -0.6], [2, -0.5], [3, 0.2], [4, 0.3], [5, 0.4]);
    expect(worse.trend).toBe('declining');
    expect(better.trend).toBe('improving');
  });

  it('calls small moves stable, and one remark no trend at all', () => {
    expect(summaryOf([0, 0.3], [1, 0.35], [2, 0.32], [3, 0.38]).trend).toBe('stable');
    expect(summaryOf([0, -0.9]).trend).toBe('stable');
  });

  it('compares two remarks with each other', () => {
    expect(summaryOf([0, -0.6], [1, 0.4]).trend).toBe('improving');
  });
});
