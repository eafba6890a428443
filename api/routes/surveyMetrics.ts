import { Router } from 'express';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { roundOutToHours } from '../../domain/reports/hourRange';
import { counterFamily } from '../../domain/reports/reportCounters';
import { MAX_SURVEY_JOURNEY_NAME } from '../../domain/surveys/surveyJourney';
import { surveyMetricsReport } from '../../domain/surveys/surveyMetricsReport';
import type { Models } from '../../storage/models';
import { callerOf } from '../auth';
import { MAX_RANGE_DAYS, queryRange, rangeParameters } from '../queryRange';
import { validationProblem } from '../problem';
import { fieldErrors } from '../zodErrors';
import type { CounterTotalsReader } from './reports';

const querySchema = z.object({
  ...rangeParameters,
  channel: z.enum(EVENT_CHANNELS, { error: `must be one of ${EVENT_CHANNELS.join(', ')}` }).optional(),
  journey: z
    .string({ error: 'journey must be a string' })
    .min(1, { error: 'must name a journey, or - for surveys of no journey' })
    .refine((journey) => [...journey].length <= MAX_SURVEY_JOURNEY_NAME, {
      message: `must be at most ${MAX_SURVEY_JOURNEY_NAME} characters`,
    })
    .optional(),
  bucket: z.enum(['hour', 'day'], { error: 'must be hour or day' }).default('day'),
});

export interface SurveyMetricsDependencies {
  models: Models;
  readCounterTotals: CounterTotalsReader;
}

/**
 * `GET /v1/metrics/surveys?from=&to=&channel=&journey=&bucket=hour|day`: CSAT, NPS and CES of the surveys that
 * occurred in [from, to) (rounded out to whole UTC hours: the counters are hourly), overall, per channel, per
 * journey and per bucket, with the NSS of the same hours beside them (docs/SURVEYS.md). Two counter families
 * read by `_id` — surveys and topics — however many customers answered.
 */
export function surveyMetricsRouter({ models, readCounterTotals }: SurveyMetricsDependencies): Router {
  const router = Router();
  router.get('/v1/metrics/surveys', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
    const { channel, journey, bucket } = parsed.data;
    const asked = queryRange(parsed.data, new Date(), MAX_RANGE_DAYS[bucket], `${bucket} buckets`);
    const { from, to } = roundOutToHours(asked.from, asked.to);
    const { workspace } = callerOf(res);
    const [surveys, topics] = await Promise.all([
      readCounterTotals(models, workspace, from, to, counterFamily.surveys),
      readCounterTotals(models, workspace, from, to, counterFamily.topics),
    ]);
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      channel: channel ?? null,
      journey: journey ?? null,
      ...surveyMetricsReport(surveys, topics, { channel, journey }, bucket),
    });
  });
  return router;
}
