import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../domain/alerts/alertRule';
import { alertSeries } from '../../../domain/alerts/alertSeries';
import { evaluateNssDrop, evaluateTopicSpike, nssStandardError } from '../../../domain/alerts/evaluateRules';
import { firingIntervals } from '../../../domain/alerts/firingIntervals';
import type { AlertRulePolicy } from '../../../domain/policy/policyDocument';
import { topicCounterKey } from '../../../domain/topics/topicCounters';
import type { SentimentCounts } from '../../../domain/sentiment/netSentiment';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (hour: number) => T0 + hour * HOUR_MS;
const spike: AlertRulePolicy = { window: '6h', baseline: '3d', sigma: 2, minMentions: 10 };
const drop: AlertRulePolicy = { window: '6h', baseline: '3d', sigma: 2, minMentions: 20 };

/** Negative mentions per hour: `counts[hour] = n` from T0. */
function mentions(counts: Record<number, number>): Record<number, number> {
  return Object.fromEntries(Object.entries(counts).map(([h, n]) => [at(Number(h)), n]));
}

describe('topic_spike', () => {
  it('fires on a burst of 15 over a baseline of zeros, with the numbers that say why', () => {
    // The floor: a flat zero baseline has sd 0, but the rule uses max(sd, √mean, 1) = 1.
    const result = evaluateTopicSpike(mentions({ 100: 15 }), at(100), spike);
    expect(result).toEqual({
      fires: true,
      value: 15,
      mean: 0,
      sd: 1,
      threshold: 2,
      mentions: 15,
      window: '6h',
      baseline: '3d',
    });
  });

  it('does not fire on a blip over a flat baseline: the sd floor is √mean (Poisson)', () => {
    // Every baseline window holds exactly 36 (6 an hour): sample sd 0, floor √36 = 6, threshold 36 + 12 = 48.
    const steady: Record<number, number> = {};
    for (let h = 0; h <= 100; h++) steady[h] = 6;
    steady[100] = 14; // the window now holds 44
    const result = evaluateTopicSpike(mentions(steady), at(100), spike);
    expect(result).toMatchObject({ fires: false, value: 44, mean: 36, sd: 6, threshold: 48 });
    steady[100] = 19; // 49
    expect(evaluateTopicSpike(mentions(steady), at(100), spike).fires).toBe(true);
  });

  it('needs minMentions in the window, however far above the baseline', () => {
    const result = evaluateTopicSpike(mentions({ 100: 9 }), at(100), spike);
    expect(result).toMatchObject({ fires: false, value: 9, threshold: 2 });
    expect(evaluateTopicSpike(mentions({ 100: 9 }), at(100), { ...spike, minMentions: 9 }).fires).toBe(true);
  });

  it('reads the window as the hours up to and including h, and the baseline as the windows before it', () => {
    // Hour 95 is the window's first hour at h = 100; hour 94 is the last hour of the baseline's first window.
    expect(evaluateTopicSpike(mentions({ 95: 15 }), at(100), spike).value).toBe(15);
    const before = evaluateTopicSpike(mentions({ 94: 15 }), at(100), spike);
    // 12 baseline windows, one holding 15: mean 1.25.
    expect(before).toMatchObject({ value: 0, mean: 1.25, fires: false });
    // Outside the baseline (3d = 72 hours before the window): not counted at all.
    expect(evaluateTopicSpike(mentions({ 22: 15 }), at(100), spike)).toMatchObject({ mean: 0 });
    expect(evaluateTopicSpike(mentions({ 23: 15 }), at(100), spike)).toMatchObject({ mean: 1.25 });
  });
});

const counts = (positive: number, negative: number, neutral = 0): SentimentCounts => ({
  positive,
  negative,
  neutral,
});

describe('nss_drop', () => {
  /** Every hour from 0 to 100 with `base`, hours from `from` on with `recent`. */
  function history(base: SentimentCounts, recent: SentimentCounts, from: number) {
    const byHour: Record<number, SentimentCounts> = {};
    for (let h = 0; h <= 100; h++) byHour[at(h)] = h >= from ? recent : base;
    return byHour;
  }

  it('fires when the window NSS falls below mean − sigma·sd, with enough scored events', () => {
    // Baseline: 6 positive, 2 negative, 2 neutral an hour: NSS 40. Window: 3 positive, 5 negative, 2 neutral: −20.
    const result = evaluateNssDrop(history(counts(6, 2, 2), counts(3, 5, 2), 95), at(100), drop);
    expect(result.fires).toBe(true);
    expect(result).toMatchObject({ value: -20, mean: 40, mentions: 60, window: '6h', baseline: '3d' });
    // Flat baseline: the sd is the window's own standard error, 100·√((0.3 + 0.5 − 0.04) / 60) ≈ 11.25.
    expect(result.sd).toBeCloseTo(nssStandardError(counts(18, 30, 12)), 2);
    expect(result.sd).toBeCloseTo(11.25, 1);
    expect(result.threshold).toBeCloseTo(40 - 2 * 11.25, 1);
  });

  it('does not fire on a small dip that the window cannot tell from noise', () => {
    // NSS 40 → 30 over 60 events: within 2 standard errors (≈ 12 each).
    const result = evaluateNssDrop(history(counts(6, 2, 2), counts(5, 2, 3), 95), at(100), drop);
    expect(result).toMatchObject({ fires: false, value: 30, mean: 40 });
  });

  it('needs minMentions scored events in the window', () => {
    // The same collapse, but 1 event an hour: 6 in the window, under 20.
    const result = evaluateNssDrop(history(counts(6, 2, 2), counts(0, 1), 95), at(100), drop);
    expect(result).toMatchObject({ fires: false, value: -100, mentions: 6 });
  });

  it('does not fire without at least two baseline windows that have an NSS', () => {
    const byHour: Record<number, SentimentCounts> = {};
    for (let h = 95; h <= 100; h++) byHour[at(h)] = counts(0, 10);
    byHour[at(90)] = counts(10, 0);
    expect(evaluateNssDrop(byHour, at(100), drop).fires).toBe(false);
    byHour[at(84)] = counts(10, 0);
    expect(evaluateNssDrop(byHour, at(100), drop).fires).toBe(true);
  });
});

describe('firingIntervals', () => {
  it('reads the topic counters by hour, summed over channels, and finds each run of firing hours', () => {
    const totals = {
      '2026-12-05T04': {
        [topicCounterKey.mention('email', 'delay', 'negative')]: 8,
        [topicCounterKey.mention('sms', 'delay', 'negative')]: 7,
        [topicCounterKey.mention('sms', 'delay', 'positive')]: 50,
        [topicCounterKey.mention('sms', 'price', 'negative')]: 1,
        [topicCounterKey.scored('sms', 'negative')]: 15,
      },
    };
    const series = alertSeries(totals);
    const burst = Date.parse('2026-12-05T04:00:00Z');
    expect(series.negativeMentions.delay).toEqual({ [burst]: 15 });
    expect(series.scored[burst]).toEqual(counts(0, 15, 0));
    const intervals = firingIntervals(
      series,
      { nssDrop: drop, topicSpike: spike },
      { first: burst - 2 * HOUR_MS, last: burst + 11 * HOUR_MS },
    );
    // The burst stays in the 6-hour window for 6 hours: it fires from 04 to 09, and 10 is the first hour it does not.
    expect(intervals).toEqual([
      expect.objectContaining({
        kind: 'topic_spike',
        topic: 'delay',
        start: burst,
        end: burst + 6 * HOUR_MS,
      }),
    ]);
    expect(intervals[0].evaluation).toMatchObject({ value: 15, mean: 0, sd: 1, threshold: 2, mentions: 15 });
  });

  it('leaves the end open while the rule still fires at the last evaluated hour', () => {
    const series = alertSeries({
      '2026-12-05T04': { [topicCounterKey.mention('email', 'delay', 'negative')]: 15 },
    });
    const burst = Date.parse('2026-12-05T04:00:00Z');
    const [interval] = firingIntervals(
      series,
      { nssDrop: drop, topicSpike: spike },
      { first: burst, last: burst + 3 * HOUR_MS },
    );
    expect(interval).toMatchObject({ start: burst });
    expect(interval.end).toBeUndefined();
  });
});
