import type { CounterTotals } from '../reports/reportCounters';
import { hourBuckets } from '../reports/sumOverHours';
import { parseSurveyCounterKey } from './surveyCounterKeys';
import { emptyTallies, surveyKpis, type SurveyKpis, type SurveyTallies } from './surveyKpis';
import { workspaceNss, type ScoredNss } from './workspaceNss';

export type SurveyBucket = 'hour' | 'day';

/** Which surveys a report covers: one channel, one journey (`-`: surveys of no journey), or all. */
export interface SurveyFilter {
  channel?: string;
  journey?: string;
}

/** `GET /v1/metrics/surveys` without from, to, bucket and the filter echoed. */
export interface SurveyMetricsReport extends SurveyKpis {
  nss: ScoredNss;
  /** The filtered surveys per channel, and per journey (`-`: attributed to none). */
  byChannel: Record<string, SurveyKpis>;
  byJourney: Record<string, SurveyKpis>;
  /** In time order; a bucket without any counted survey is absent. */
  series: ({ bucket: string } & SurveyKpis)[];
}

/** The ISO time at which an hour bucket's hour, or its day, begins. */
function bucketStart(hour: string, size: SurveyBucket): string {
  return size === 'hour' ? `${hour}:00:00.000Z` : `${hour.slice(0, 10)}T00:00:00.000Z`;
}

function talliesOf(map: Map<string, SurveyTallies>, name: string): SurveyTallies {
  let tallies = map.get(name);
  if (tallies === undefined) map.set(name, (tallies = emptyTallies()));
  return tallies;
}

const answered = ({ csat, nps, ces }: SurveyTallies) =>
  csat.responses !== 0 || nps.responses !== 0 || ces.responses !== 0;

/** Only names with a counted survey: a counter that never moved makes no entry. */
const kpisOf = (map: Map<string, SurveyTallies>) =>
  Object.fromEntries(
    [...map].filter(([, tallies]) => answered(tallies)).map(([name, tallies]) => [name, surveyKpis(tallies)]),
  );

/**
 * The survey KPIs over the hours read (docs/SURVEYS.md): CSAT, NPS and CES of the surveys the filter keeps,
 * overall, per channel, per journey and per hour or UTC day; and beside them the NSS of the scored events
 * (of the channel asked for, all journeys). `surveys` holds the survey family's counters, `topics` the topic
 * family's, both of [from, to).
 */
export function surveyMetricsReport(
  surveys: CounterTotals,
  topics: CounterTotals,
  filter: SurveyFilter,
  bucket: SurveyBucket,
): SurveyMetricsReport {
  const overall = emptyTallies();
  const channels = new Map<string, SurveyTallies>();
  const journeys = new Map<string, SurveyTallies>();
  const series = new Map<string, SurveyTallies>();
  for (const hour of hourBuckets(surveys)) {
    for (const [key, by] of Object.entries(surveys[hour])) {
      const counter = parseSurveyCounterKey(key);
      if (counter === undefined) continue;
      const { kind, channel, journey, stat } = counter;
      if (filter.channel !== undefined && channel !== filter.channel) continue;
      if (filter.journey !== undefined && journey !== filter.journey) continue;
      for (const tallies of [
        overall,
        talliesOf(channels, channel),
        talliesOf(journeys, journey),
        talliesOf(series, bucketStart(hour, bucket)),
      ]) {
        (tallies[kind] as Record<string, number>)[stat] += by;
      }
    }
  }
  return {
    ...surveyKpis(overall),
    nss: workspaceNss(topics, filter.channel),
    byChannel: kpisOf(channels),
    byJourney: kpisOf(journeys),
    series: [...series]
      .filter(([, tallies]) => answered(tallies))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([start, tallies]) => ({ bucket: start, ...surveyKpis(tallies) })),
  };
}
