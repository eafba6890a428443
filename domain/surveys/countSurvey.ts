import type { CustomerEvent } from '../events/customerEvent';
import type { CounterIncrement } from '../reports/reportCounters';
import { hourBucket } from '../reports/reportCounters';
import type { ReportState } from '../reports/reportState';
import { surveyCounterKey, type SurveyStat } from './surveyCounterKeys';
import { surveyJourney } from './surveyJourney';
import { isEasy, isSatisfied, npsGroup, surveyAnswer, type SurveyKind } from './surveyScales';

const NPS_STAT = { promoter: 'promoters', passive: 'passives', detractor: 'detractors' } as const;

/**
 * What one applied event adds to the survey counters: nothing unless it is a survey whose `properties.kind`
 * is csat, nps or ces and whose `properties.score` is a point of that scale (surveyScales.ts). Counted in
 * the hour of occurredAt, under the event's channel and the journey it is attributed to (surveyJourney.ts).
 * Reads the report state only; the caller writes the increments exactly once, as every report counter.
 */
export function countSurvey(report: ReportState, event: CustomerEvent): CounterIncrement[] {
  if (event.type !== 'survey') return [];
  const answer = surveyAnswer(event.properties.kind, event.properties.score);
  if (answer === undefined) return [];
  const occurredAt = Date.parse(event.occurredAt);
  if (Number.isNaN(occurredAt)) return [];
  const bucket = hourBucket(occurredAt);
  const journey = surveyJourney(report, occurredAt, event.properties);
  const increment = <K extends SurveyKind>(kind: K, stat: SurveyStat<K>, by = 1): CounterIncrement => ({
    bucket,
    key: surveyCounterKey(kind, event.channel, journey, stat),
    by,
  });
  const { kind, score } = answer;
  switch (kind) {
    case 'csat':
      return [
        increment('csat', 'responses'),
        ...(isSatisfied(score) ? [increment('csat', 'satisfied')] : []),
      ];
    case 'nps':
      return [increment('nps', 'responses'), increment('nps', NPS_STAT[npsGroup(score)])];
    case 'ces':
      return [
        increment('ces', 'responses'),
        ...(isEasy(score) ? [increment('ces', 'easy')] : []),
        increment('ces', 'scoreSum', score),
      ];
  }
}
