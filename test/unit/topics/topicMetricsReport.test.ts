import { describe, expect, it } from 'vitest';
import { counterKey } from '../../../domain/reports/reportCounters';
import type { CounterTotals } from '../../../domain/reports/reportCounters';
import { topicCounterKey as t } from '../../../domain/topics/topicCounters';
import { topicMetricsReport } from '../../../domain/topics/topicMetricsReport';
import type { TopicRule } from '../../../domain/topics/topicRule';

const taxonomy: TopicRule[] = [
  { name: 'delay', definition: 'Something late.', any: ['late'] },
  { name: 'staff', any: ['crew'] },
  { name: 'price', any: ['expensive'] },
  { name: 'waiting', any: ['queue'] },
];

/**
 * Two hours of the period. Scored events: chat 8 positive, 3 negative, 1 neutral; email 1 positive, 3
 * negative — 16 in all, NSS (9 − 6) / 16 = 18.75 → 18.8.
 *   delay   chat: clauses 2 negative, 1 neutral, in events 2 negative, 1 neutral; email: 2 negative (events 2 negative)
 *   staff   chat: clauses 2 positive, 1 negative; events 2 positive, 1 negative
 *   price   chat: 1 positive (event positive), in the second hour
 *   queue   chat: 1 negative (event negative) — a topic since removed from the policy
 *   waiting nothing
 */
const current: CounterTotals = {
  '2026-03-10T09': {
    [t.scored('chat', 'positive')]: 6,
    [t.scored('chat', 'negative')]: 3,
    [t.scored('chat', 'neutral')]: 1,
    [t.scored('email', 'positive')]: 1,
    [t.scored('email', 'negative')]: 3,
    [t.mention('chat', 'delay', 'negative')]: 2,
    [t.mention('chat', 'delay', 'neutral')]: 1,
    [t.event('chat', 'delay', 'negative')]: 2,
    [t.event('chat', 'delay', 'neutral')]: 1,
    [t.mention('email', 'delay', 'negative')]: 2,
    [t.event('email', 'delay', 'negative')]: 2,
    [t.mention('chat', 'staff', 'positive')]: 2,
    [t.mention('chat', 'staff', 'negative')]: 1,
    [t.event('chat', 'staff', 'positive')]: 2,
    [t.event('chat', 'staff', 'negative')]: 1,
    [t.mention('chat', 'queue', 'negative')]: 1,
    [t.event('chat', 'queue', 'negative')]: 1,
    // Other families, and a day bucket, are not topic counters.
    [counterKey.sent()]: 40,
  },
  '2026-03-10T10': {
    [t.scored('chat', 'positive')]: 2,
    [t.mention('chat', 'price', 'positive')]: 1,
    [t.event('chat', 'price', 'positive')]: 1,
  },
  '2026-03-10': { [t.scored('chat', 'negative')]: 100 },
};

const previous: CounterTotals = {
  '2026-03-03T09': {
    [t.scored('chat', 'positive')]: 1,
    [t.scored('chat', 'negative')]: 1,
    [t.mention('chat', 'delay', 'positive')]: 1,
    [t.mention('chat', 'delay', 'negative')]: 1,
    [t.mention('email', 'waiting', 'negative')]: 3,
    // Only the period's own mentions bring in a topic the policy no longer has.
    [t.mention('chat', 'legacy', 'negative')]: 5,
  },
};

describe('topicMetricsReport', () => {
  it('answers every topic, with its NSS now and before, and its drivers (worked out in the comments)', () => {
    const report = topicMetricsReport(current, previous, taxonomy);
    expect(report.nss).toBe(18.8);
    expect(report.scored).toBe(16);
    // Negative mentions: delay 4, queue 1, staff 1, price 0, waiting 0 → 6 in all.
    expect(report.topics).toEqual([
      {
        name: 'delay',
        definition: 'Something late.',
        mentions: 5,
        positive: 0,
        negative: 4,
        neutral: 1,
        nss: -80, // (0 − 4) / 5
        previous: { mentions: 2, nss: 0 },
        negativeShare: 4 / 6,
        // Without its 5 events: 9 positive, 6 − 4 = 2 negative, 1 − 1 = 0 neutral → 7 / 11 = 63.6.
        nssWithout: 63.6,
        impact: 44.8, // 63.6 − 18.8
      },
      {
        name: 'queue',
        mentions: 1,
        positive: 0,
        negative: 1,
        neutral: 0,
        nss: -100,
        previous: { mentions: 0, nss: null },
        negativeShare: 1 / 6,
        nssWithout: 26.7, // (9 − 5) / 15
        impact: 7.9,
      },
      {
        name: 'staff',
        mentions: 3,
        positive: 2,
        negative: 1,
        neutral: 0,
        nss: 33.3,
        previous: { mentions: 0, nss: null },
        negativeShare: 1 / 6,
        nssWithout: 15.4, // (7 − 5) / 13
        impact: -3.4, // it lifts the NSS: without it the workspace would read lower
      },
      {
        name: 'price',
        mentions: 1,
        positive: 1,
        negative: 0,
        neutral: 0,
        nss: 100,
        previous: { mentions: 0, nss: null },
        negativeShare: 0,
        nssWithout: 13.3, // (8 − 6) / 15
        impact: -5.5,
      },
      {
        name: 'waiting',
        mentions: 0,
        positive: 0,
        negative: 0,
        neutral: 0,
        nss: null,
        previous: { mentions: 3, nss: -100 },
        negativeShare: 0,
        nssWithout: 18.8,
        impact: 0,
      },
    ]);
  });

  it('reads one channel only', () => {
    const report = topicMetricsReport(current, previous, taxonomy, 'email');
    // Email: 1 positive, 3 negative → −50. Delay has every negative mention of email.
    expect(report).toMatchObject({ nss: -50, scored: 4 });
    expect(report.topics.map((topic) => topic.name)).toEqual(['delay', 'price', 'staff', 'waiting']);
    expect(report.topics[0]).toMatchObject({
      mentions: 2,
      nss: -100,
      previous: { mentions: 0, nss: null },
      negativeShare: 1,
      nssWithout: 0, // 1 positive, 1 negative
      impact: 50,
    });
    expect(report.topics[3]).toMatchObject({ name: 'waiting', previous: { mentions: 3, nss: -100 } });
  });

  it('answers nulls, not zeros, when nothing was scored', () => {
    const report = topicMetricsReport({}, {}, taxonomy);
    expect(report).toMatchObject({ nss: null, scored: 0 });
    expect(report.topics.map((topic) => topic.name)).toEqual(['delay', 'price', 'staff', 'waiting']);
    for (const topic of report.topics) {
      expect(topic).toMatchObject({
        mentions: 0,
        nss: null,
        negativeShare: 0,
        nssWithout: null,
        impact: null,
      });
    }
  });

  it('has no NSS without a topic when every scored event mentions it', () => {
    const only: CounterTotals = {
      '2026-03-10T09': {
        [t.scored('sms', 'negative')]: 2,
        [t.mention('sms', 'delay', 'negative')]: 2,
        [t.event('sms', 'delay', 'negative')]: 2,
      },
    };
    const [delay] = topicMetricsReport(only, {}, taxonomy).topics;
    expect(delay).toMatchObject({
      name: 'delay',
      nss: -100,
      nssWithout: null,
      impact: null,
      negativeShare: 1,
    });
  });
});
