import { describe, expect, it } from 'vitest';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import type { CounterTotals } from '../../../domain/reports/reportCounters';
import { emptyReportState } from '../../../domain/reports/reportState';
import { topicCounterKey } from '../../../domain/topics/topicCounters';
import { countSurvey } from '../../../domain/surveys/countSurvey';
import { surveyMetricsReport } from '../../../domain/surveys/surveyMetricsReport';

/** The counters countSurvey makes for these surveys, added up per hour as storage does. */
function totalsOf(surveys: CustomerEvent[]): CounterTotals {
  const totals: CounterTotals = {};
  for (const event of surveys) {
    for (const { bucket, key, by } of countSurvey(emptyReportState, event)) {
      totals[bucket] ??= {};
      totals[bucket][key] = (totals[bucket][key] ?? 0) + by;
    }
  }
  return totals;
}

let n = 0;
const answer = (
  occurredAt: string,
  channel: 'email' | 'chat',
  kind: string,
  score: unknown,
  journey?: string,
): CustomerEvent => ({
  id: `s${++n}`,
  customerId: `c${n}`,
  type: 'survey',
  channel,
  occurredAt,
  receivedAt: occurredAt,
  properties: { kind, score, ...(journey !== undefined ? { journey } : {}) },
});

/**
 * Worked by hand (docs/SURVEYS.md has the same example):
 *   10 March 09h, email, serviceRecovery: CSAT 5, 4, 2, 6 (off the scale); NPS 10, 3
 *   10 March 14h, chat, no journey:       CSAT 3; NPS 8, 9; CES 6, 2
 *   11 March 08h, email, serviceRecovery: NPS 6, 9; CES 7
 */
const SR = 'serviceRecovery';
const surveys = totalsOf([
  answer('2026-03-10T09:05:00Z', 'email', 'csat', 5, SR),
  answer('2026-03-10T09:10:00Z', 'email', 'csat', 4, SR),
  answer('2026-03-10T09:15:00Z', 'email', 'csat', 2, SR),
  answer('2026-03-10T09:20:00Z', 'email', 'csat', 6, SR),
  answer('2026-03-10T09:25:00Z', 'email', 'nps', 10, SR),
  answer('2026-03-10T09:30:00Z', 'email', 'nps', 3, SR),
  answer('2026-03-10T14:00:00Z', 'chat', 'csat', 3),
  answer('2026-03-10T14:10:00Z', 'chat', 'nps', 8),
  answer('2026-03-10T14:20:00Z', 'chat', 'nps', 9),
  answer('2026-03-10T14:30:00Z', 'chat', 'ces', 6),
  answer('2026-03-10T14:40:00Z', 'chat', 'ces', 2),
  answer('2026-03-11T08:00:00Z', 'email', 'nps', 6, SR),
  answer('2026-03-11T08:10:00Z', 'email', 'nps', 9, SR),
  answer('2026-03-11T08:20:00Z', 'email', 'ces', 7, SR),
]);

/** Scored events: email 3 positive, 1 negative; chat 1 neutral, 1 negative. */
const topics: CounterTotals = {
  '2026-03-10T09': {
    [topicCounterKey.scored('email', 'positive')]: 3,
    [topicCounterKey.scored('email', 'negative')]: 1,
    [topicCounterKey.mention('email', 'delivery', 'negative')]: 1,
  },
  '2026-03-10T14': {
    [topicCounterKey.scored('chat', 'neutral')]: 1,
    [topicCounterKey.scored('chat', 'negative')]: 1,
  },
};

// email/serviceRecovery: CSAT 5, 4, 2 → 2 of 3 = 66.7; NPS 10, 3, 6, 9 → (2 − 2)/4 = 0; CES 7.
const email = {
  csat: { responses: 3, satisfied: 2, score: 66.7 },
  nps: { responses: 4, promoters: 2, passives: 0, detractors: 2, score: 0 },
  ces: { responses: 1, mean: 7, easyShare: 100 },
};
// chat/no journey: CSAT 3 → 0 %; NPS 8, 9 → (1 − 0)/2 = 50; CES 6, 2 → mean 4, 1 of 2 easy.
const chat = {
  csat: { responses: 1, satisfied: 0, score: 0 },
  nps: { responses: 2, promoters: 1, passives: 1, detractors: 0, score: 50 },
  ces: { responses: 2, mean: 4, easyShare: 50 },
};

describe('surveyMetricsReport', () => {
  it('adds the answers up overall, per channel, per journey and per day, with the NSS beside them', () => {
    expect(surveyMetricsReport(surveys, topics, {}, 'day')).toEqual({
      // CSAT 5, 4, 2, 3 → 2 of 4; NPS 10, 3, 8, 9, 6, 9 → (3 − 2)/6 = 16.7; CES 6, 2, 7 → mean 5, 2 of 3.
      csat: { responses: 4, satisfied: 2, score: 50 },
      nps: { responses: 6, promoters: 3, passives: 1, detractors: 2, score: 16.7 },
      ces: { responses: 3, mean: 5, easyShare: 66.7 },
      // 3 positive, 2 negative, 1 neutral: (3 − 2)/6.
      nss: { scored: 6, nss: 16.7 },
      byChannel: { email, chat },
      byJourney: { [SR]: email, '-': chat },
      series: [
        {
          // 10 March: CSAT 5, 4, 2, 3; NPS 10, 3, 8, 9 → (2 − 1)/4; CES 6, 2.
          bucket: '2026-03-10T00:00:00.000Z',
          csat: { responses: 4, satisfied: 2, score: 50 },
          nps: { responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
          ces: { responses: 2, mean: 4, easyShare: 50 },
        },
        {
          // 11 March: no CSAT; NPS 6, 9; CES 7.
          bucket: '2026-03-11T00:00:00.000Z',
          csat: { responses: 0, satisfied: 0, score: null },
          nps: { responses: 2, promoters: 1, passives: 0, detractors: 1, score: 0 },
          ces: { responses: 1, mean: 7, easyShare: 100 },
        },
      ],
    });
  });

  it('keeps only the channel asked for, NSS included', () => {
    const report = surveyMetricsReport(surveys, topics, { channel: 'chat' }, 'hour');
    expect(report).toMatchObject({ ...chat, byChannel: { chat }, byJourney: { '-': chat } });
    expect(report.nss).toEqual({ scored: 2, nss: -50 });
    expect(report.series.map((s) => s.bucket)).toEqual(['2026-03-10T14:00:00.000Z']);
  });

  it('keeps only the journey asked for (- for none); the NSS stays the whole channel’s', () => {
    const report = surveyMetricsReport(surveys, topics, { journey: SR }, 'hour');
    expect(report).toMatchObject({ ...email, byChannel: { email }, byJourney: { [SR]: email } });
    expect(report.nss).toEqual({ scored: 6, nss: 16.7 });
    expect(report.series.map((s) => s.bucket)).toEqual([
      '2026-03-10T09:00:00.000Z',
      '2026-03-11T08:00:00.000Z',
    ]);
    expect(surveyMetricsReport(surveys, topics, { journey: '-' }, 'day')).toMatchObject(chat);
  });

  it('answers nulls and no series without surveys', () => {
    expect(surveyMetricsReport({}, {}, { channel: 'sms' }, 'day')).toEqual({
      csat: { responses: 0, satisfied: 0, score: null },
      nps: { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null },
      ces: { responses: 0, mean: null, easyShare: null },
      nss: { scored: 0, nss: null },
      byChannel: {},
      byJourney: {},
      series: [],
    });
  });
});
