import { describe, expect, it } from 'vitest';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import { emptyReportState, type ReportState } from '../../../domain/reports/reportState';
import { countSurvey } from '../../../domain/surveys/countSurvey';

const survey = (properties: Record<string, unknown>, fields: Partial<CustomerEvent> = {}): CustomerEvent => ({
  id: 'e1',
  customerId: 'ada',
  type: 'survey',
  channel: 'email',
  occurredAt: '2026-03-10T09:45:12.000Z',
  receivedAt: '2026-03-10T09:45:13.000Z',
  properties,
  ...fields,
});

describe('countSurvey', () => {
  it('counts a CSAT answer in the hour it occurred: a response, and satisfied when 4 or 5', () => {
    expect(countSurvey(emptyReportState, survey({ kind: 'csat', score: 4 }))).toEqual([
      { bucket: '2026-03-10T09', key: 'k|csat|email|-|responses', by: 1 },
      { bucket: '2026-03-10T09', key: 'k|csat|email|-|satisfied', by: 1 },
    ]);
    expect(countSurvey(emptyReportState, survey({ kind: 'csat', score: 3 }))).toEqual([
      { bucket: '2026-03-10T09', key: 'k|csat|email|-|responses', by: 1 },
    ]);
  });

  it('counts an NPS answer as a response and as one of promoter, passive or detractor', () => {
    const keys = (score: number) =>
      countSurvey(emptyReportState, survey({ kind: 'nps', score }, { channel: 'chat' })).map((i) => i.key);
    expect(keys(9)).toEqual(['k|nps|chat|-|responses', 'k|nps|chat|-|promoters']);
    expect(keys(7)).toEqual(['k|nps|chat|-|responses', 'k|nps|chat|-|passives']);
    expect(keys(0)).toEqual(['k|nps|chat|-|responses', 'k|nps|chat|-|detractors']);
  });

  it('counts a CES answer as a response, easy when 5–7, and its score added up for the mean', () => {
    expect(countSurvey(emptyReportState, survey({ kind: 'ces', score: 6 }))).toEqual([
      { bucket: '2026-03-10T09', key: 'k|ces|email|-|responses', by: 1 },
      { bucket: '2026-03-10T09', key: 'k|ces|email|-|easy', by: 1 },
      { bucket: '2026-03-10T09', key: 'k|ces|email|-|scoreSum', by: 6 },
    ]);
    expect(countSurvey(emptyReportState, survey({ kind: 'ces', score: 3 })).map((i) => i.by)).toEqual([1, 3]);
  });

  it('counts nothing for a score off its scale, not a number, an unknown kind, or another event type', () => {
    for (const properties of [
      { kind: 'csat', score: 6 },
      { kind: 'csat', score: 0 },
      { kind: 'nps', score: 11 },
      { kind: 'nps', score: 8.5 },
      { kind: 'ces', score: 8 },
      { kind: 'ces', score: '7' },
      { kind: 'csat' },
      { kind: 'nss', score: 3 },
      {},
    ]) {
      expect(countSurvey(emptyReportState, survey(properties)), JSON.stringify(properties)).toEqual([]);
    }
    expect(countSurvey(emptyReportState, survey({ kind: 'csat', score: 5 }, { type: 'message' }))).toEqual(
      [],
    );
  });

  it('files the answer under the journey it is attributed to', () => {
    const report: ReportState = {
      ...emptyReportState,
      messages: [
        { messageId: 'm1', sentAt: Date.parse('2026-03-08T10:00:00Z'), journey: 'serviceRecovery', run: 1 },
        { messageId: 'm2', sentAt: Date.parse('2026-03-01T10:00:00Z'), journey: 'winBack', run: 1 },
      ],
    };
    const keys = (properties: Record<string, unknown>, occurredAt: string) =>
      countSurvey(report, survey(properties, { occurredAt })).map((i) => i.key);
    expect(keys({ kind: 'nps', score: 10 }, '2026-03-10T09:00:00Z')[0]).toBe(
      'k|nps|email|serviceRecovery|responses',
    );
    expect(keys({ kind: 'nps', score: 10, journey: 'cart.recovery' }, '2026-03-10T09:00:00Z')[0]).toBe(
      'k|nps|email|cart%2Erecovery|responses',
    );
    // Eight days after the last journey message: no journey.
    expect(keys({ kind: 'nps', score: 10 }, '2026-03-16T10:00:01Z')[0]).toBe('k|nps|email|-|responses');
  });
});
