import { describe, expect, it } from 'vitest';
import type { CounterTotals } from '../../../domain/reports/reportCounters';
import { channelFigures, sentimentFromCounters } from '../../../domain/sentiment/sentimentFromCounters';
import { topicCounterKey as t } from '../../../domain/topics/topicCounters';

/** The events of test/integration/sentimentMetrics.test.ts, as the workflow counts them. */
const TOTALS: CounterTotals = {
  '2026-03-10T09': {
    [t.scored('chat', 'positive')]: 2,
    [t.scored('email', 'negative')]: 1,
    // Topic mentions are in the same family and are not scored events.
    [t.mention('chat', 'delay', 'negative')]: 5,
    [t.event('chat', 'delay', 'positive')]: 1,
  },
  '2026-03-10T14': { [t.scored('email', 'neutral')]: 1 },
  '2026-03-11T08': { [t.scored('chat', 'negative')]: 1, [t.scored('email', 'positive')]: 1 },
  // A day bucket (another family's per-day figure) is not an hour of scored events.
  '2026-03-11': { [t.scored('chat', 'negative')]: 9 },
};

describe('net sentiment from the scored counters', () => {
  it('sums every channel per UTC day, neutral in the denominator', () => {
    const { all } = sentimentFromCounters(TOTALS, 'day');
    expect(all).toMatchObject({ positive: 3, negative: 2, neutral: 1, total: 6, nss: 16.7 });
    expect(all.series).toEqual([
      { bucket: '2026-03-10', positive: 2, negative: 1, neutral: 1, total: 4, nss: 25 },
      { bucket: '2026-03-11', positive: 1, negative: 1, neutral: 0, total: 2, nss: 0 },
    ]);
  });

  it('keeps hours as hour buckets, in time order', () => {
    const { all } = sentimentFromCounters(TOTALS, 'hour');
    expect(all.series.map((p) => [p.bucket, p.total, p.nss])).toEqual([
      ['2026-03-10T09:00Z', 3, 33.3],
      ['2026-03-10T14:00Z', 1, 0],
      ['2026-03-11T08:00Z', 2, 0],
    ]);
  });

  it('answers each channel that had a scored event, with its own series', () => {
    const byChannel = sentimentFromCounters(TOTALS, 'day');
    expect(Object.keys(byChannel.channels)).toEqual(['chat', 'email']);
    expect(byChannel.channels.chat).toMatchObject({ positive: 2, negative: 1, neutral: 0, nss: 33.3 });
    expect(byChannel.channels.chat.series.map((p) => p.bucket)).toEqual(['2026-03-10', '2026-03-11']);
    expect(byChannel.channels.email).toMatchObject({
      positive: 1,
      negative: 1,
      neutral: 1,
      total: 3,
      nss: 0,
    });
  });

  it('answers zeros, no NSS and no series for a channel or a range with nothing scored', () => {
    expect(channelFigures(sentimentFromCounters(TOTALS, 'day'), 'sms')).toEqual({
      positive: 0,
      negative: 0,
      neutral: 0,
      total: 0,
      nss: null,
      series: [],
    });
    expect(sentimentFromCounters({}, 'hour')).toEqual({
      all: { positive: 0, negative: 0, neutral: 0, total: 0, nss: null, series: [] },
      channels: {},
    });
  });

  it('leaves out an hour whose counts cancel out', () => {
    const { all } = sentimentFromCounters({ '2026-03-10T09': { [t.scored('chat', 'positive')]: 0 } }, 'hour');
    expect(all.series).toEqual([]);
  });
});
