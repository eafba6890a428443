import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import type { EventChannel } from '../../domain/events/eventTypes';
import type { CounterTotals } from '../../domain/reports/reportCounters';
import { emptyReportState, type ReportState } from '../../domain/reports/reportState';
import { countSurvey } from '../../domain/surveys/countSurvey';
import { topicCounterKey } from '../../domain/topics/topicCounters';
import { writeCounterTotals } from '../support/counterTotals';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, uid } from '../support/harness';

/**
 * `GET /v1/metrics/surveys` (api/routes/surveyMetrics.ts) over counters written through storage's own write
 * path, made by countSurvey — the function the customer workflow calls — for a handful of surveys, so every
 * number can be checked by hand. That the workflow calls it for each applied event is tested with the workflow.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await writeCounterTotals(h.storage.models, 'default', surveyCounters(), 'surveys');
  await writeCounterTotals(h.storage.models, 'default', SCORED, 'scored');
});
afterAll(async () => {
  await h?.close();
});

/** The customer was sent a serviceRecovery message on 9 March, and a winBack one on 1 March. */
const report: ReportState = {
  ...emptyReportState,
  messages: [
    { messageId: 'm1', sentAt: Date.parse('2026-03-01T12:00:00Z'), journey: 'winBack', run: 1 },
    { messageId: 'm2', sentAt: Date.parse('2026-03-09T12:00:00Z'), journey: 'serviceRecovery', run: 1 },
  ],
};

let n = 0;
function survey(
  occurredAt: string,
  channel: EventChannel,
  properties: Record<string, unknown>,
): CustomerEvent {
  return {
    id: `s${++n}`,
    customerId: 'ada',
    type: 'survey',
    channel,
    occurredAt,
    receivedAt: occurredAt,
    properties,
  };
}

/**
 *   10 March 09h  email  CSAT 5               → serviceRecovery (its message the day before)
 *   10 March 09h  email  NPS 10               → cartRecovery (named by the survey)
 *   10 March 09h  email  CSAT 7               → not counted: off the 1–5 scale
 *   10 March 15h  sms    NPS 4, CES 6         → no journey (the survey says `-`)
 *   11 March 10h  chat   CSAT 2, CES 3        → serviceRecovery
 *   18 March 10h  chat   NPS 9                → no journey: the last journey message is 9 days old
 */
function surveyCounters(): CounterTotals {
  const totals: CounterTotals = {};
  const surveys = [
    survey('2026-03-10T09:20:00Z', 'email', { kind: 'csat', score: 5 }),
    survey('2026-03-10T09:40:00Z', 'email', { kind: 'nps', score: 10, journey: 'cartRecovery' }),
    survey('2026-03-10T09:50:00Z', 'email', { kind: 'csat', score: 7 }),
    survey('2026-03-10T15:00:00Z', 'sms', { kind: 'nps', score: 4, journey: '-' }),
    survey('2026-03-10T15:05:00Z', 'sms', { kind: 'ces', score: 6, journey: '-' }),
    survey('2026-03-11T10:00:00Z', 'chat', { kind: 'csat', score: 2 }),
    survey('2026-03-11T10:05:00Z', 'chat', { kind: 'ces', score: 3 }),
    survey('2026-03-18T10:00:00Z', 'chat', { kind: 'nps', score: 9 }),
  ];
  for (const event of surveys) {
    for (const { bucket, key, by } of countSurvey(report, event)) {
      totals[bucket] ??= {};
      totals[bucket][key] = (totals[bucket][key] ?? 0) + by;
    }
  }
  return totals;
}

/** Scored events (the topic family): email 2 positive, chat 1 negative. */
const SCORED: CounterTotals = {
  '2026-03-10T09': { [topicCounterKey.scored('email', 'positive')]: 2 },
  '2026-03-11T10': { [topicCounterKey.scored('chat', 'negative')]: 1 },
};

const csat = (responses: number, satisfied: number, score: number | null) => ({
  responses,
  satisfied,
  score,
});
const nps = (
  responses: number,
  promoters: number,
  passives: number,
  detractors: number,
  score: number | null,
) => ({
  responses,
  promoters,
  passives,
  detractors,
  score,
});
const ces = (responses: number, mean: number | null, easyShare: number | null) => ({
  responses,
  mean,
  easyShare,
});
const NO_CSAT = csat(0, 0, null);
const NO_NPS = nps(0, 0, 0, 0, null);
const NO_CES = ces(0, null, null);

const RANGE = 'from=2026-03-10T09:30:00Z&to=2026-03-11T23:10:00%2B00:00';
const ROUNDED = { from: '2026-03-10T09:00:00.000Z', to: '2026-03-12T00:00:00.000Z' };

async function metrics(query: string) {
  const res = await h.request('GET', `/v1/metrics/surveys?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('GET /v1/metrics/surveys', () => {
  it('answers CSAT, NPS and CES of the range rounded out to hours, per channel and journey, beside NSS', async () => {
    expect(await metrics(RANGE)).toEqual({
      ...ROUNDED,
      bucket: 'day',
      channel: null,
      journey: null,
      // CSAT 5, 2: 1 of 2 satisfied. NPS 10, 4: (1 − 1)/2. CES 6, 3: mean 4.5, 1 of 2 easy.
      csat: csat(2, 1, 50),
      nps: nps(2, 1, 0, 1, 0),
      ces: ces(2, 4.5, 50),
      // 2 positive, 1 negative of 3.
      nss: { scored: 3, nss: 33.3 },
      byChannel: {
        email: { csat: csat(1, 1, 100), nps: nps(1, 1, 0, 0, 100), ces: NO_CES },
        sms: { csat: NO_CSAT, nps: nps(1, 0, 0, 1, -100), ces: ces(1, 6, 100) },
        chat: { csat: csat(1, 0, 0), nps: NO_NPS, ces: ces(1, 3, 0) },
      },
      byJourney: {
        serviceRecovery: { csat: csat(2, 1, 50), nps: NO_NPS, ces: ces(1, 3, 0) },
        cartRecovery: { csat: NO_CSAT, nps: nps(1, 1, 0, 0, 100), ces: NO_CES },
        '-': { csat: NO_CSAT, nps: nps(1, 0, 0, 1, -100), ces: ces(1, 6, 100) },
      },
      series: [
        {
          bucket: '2026-03-10T00:00:00.000Z',
          csat: csat(1, 1, 100),
          nps: nps(2, 1, 0, 1, 0),
          ces: ces(1, 6, 100),
        },
        { bucket: '2026-03-11T00:00:00.000Z', csat: csat(1, 0, 0), nps: NO_NPS, ces: ces(1, 3, 0) },
      ],
    });
  });

  it('keeps the channel asked for, its NSS too', async () => {
    const body = await metrics(`${RANGE}&channel=email`);
    expect(body).toMatchObject({
      channel: 'email',
      csat: csat(1, 1, 100),
      nps: nps(1, 1, 0, 0, 100),
      ces: NO_CES,
      nss: { scored: 2, nss: 100 },
    });
    expect(Object.keys(body.byChannel)).toEqual(['email']);
  });

  it('keeps the journey asked for, or the surveys of none with -; a journey message 9 days old attributes none', async () => {
    const service = await metrics(`${RANGE}&journey=serviceRecovery&bucket=hour`);
    expect(service).toMatchObject({ journey: 'serviceRecovery', csat: csat(2, 1, 50), nps: NO_NPS });
    expect(service.series.map((s: { bucket: string }) => s.bucket)).toEqual([
      '2026-03-10T09:00:00.000Z',
      '2026-03-11T10:00:00.000Z',
    ]);
    const none = await metrics('from=2026-03-10&to=2026-03-19&journey=-');
    expect(none).toMatchObject({ journey: '-', nps: nps(2, 1, 0, 1, 0) });
    expect(Object.keys(none.byChannel).sort()).toEqual(['chat', 'sms']);
  });

  it('answers nulls for a range, channel or workspace without surveys', async () => {
    const empty = await metrics('from=2026-03-10T10:00:00Z&to=2026-03-10T15:00:00Z');
    expect(empty).toMatchObject({ csat: NO_CSAT, nps: NO_NPS, ces: NO_CES, nss: { scored: 0, nss: null } });
    expect(empty.series).toEqual([]);
    const other = await h.request(
      'GET',
      `/v1/metrics/surveys?${RANGE}`,
      undefined,
      bearer(await apiKeyFor(h, `ws-${uid()}`)),
    );
    expect(other.body).toMatchObject({ csat: NO_CSAT, byChannel: {}, series: [] });
  });

  it('refuses a bad parameter with a problem naming it', async () => {
    for (const [query, field] of [
      ['bucket=week', 'bucket'],
      ['channel=fax', 'channel'],
      ['journey=', 'journey'],
      [`journey=${'j'.repeat(129)}`, 'journey'],
      ['from=yesterday', 'from'],
      ['from=2026-03-10&to=2026-03-10', 'to'],
      ['from=2026-01-01&to=2026-06-01&bucket=hour', 'from'],
    ]) {
      const res = await h.request('GET', `/v1/metrics/surveys?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        query,
      ).toEqual([field]);
    }
  });

  it('is read with a member key, not an ingest key', async () => {
    const member = await apiKeyFor(h, 'default', 'member');
    expect((await h.request('GET', '/v1/metrics/surveys', undefined, bearer(member))).status).toBe(200);
    const ingest = await apiKeyFor(h, 'default', 'ingest');
    const res = await h.request('GET', '/v1/metrics/surveys', undefined, bearer(ingest));
    expect(res.status).toBe(403);
    expect(res.body.requiredRole).toBe('member');
  });
});
