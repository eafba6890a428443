import { Router } from 'express';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { roundOutToHours } from '../../domain/reports/hourRange';
import { counterFamily } from '../../domain/reports/reportCounters';
import { channelFigures, sentimentFromCounters } from '../../domain/sentiment/sentimentFromCounters';
import type { Models } from '../../storage/models';
import { readCounterTotals as storedCounterTotals } from '../../storage/reportCounters';
import { callerOf } from '../auth';
import { MAX_RANGE_DAYS, queryRange, rangeParameters } from '../queryRange';
import { validationProblem } from '../problem';
import { fieldErrors } from '../zodErrors';
import type { CounterTotalsReader } from './reports';

const querySchema = z.object({
  // A date alone is the start of that day in UTC, as the day buckets are.
  ...rangeParameters,
  channel: z.enum(EVENT_CHANNELS, { error: `must be one of ${EVENT_CHANNELS.join(', ')}` }).optional(),
  bucket: z.enum(['hour', 'day'], { error: 'must be hour or day' }).default('day'),
  groupBy: z.enum(['channel'], { error: 'must be channel' }).optional(),
});

/**
 * `GET /v1/metrics/sentiment?from=&to=&channel=&bucket=hour|day&groupBy=channel`: net sentiment of the
 * workspace's scored events that occurred in [from, to), rounded out to whole UTC hours (the counters are
 * hourly; the answer's from and to say which hours), overall and per UTC hour or day.
 *
 * Read from the report counters the customer workflow keeps at write time (`t|scored|<channel>|<label>`,
 * domain/topics/topicCounters.ts): the topic family's documents of each day of the range, by `_id` — 8 a day,
 * whatever the number of customers (storage/reportCounters.ts). With `groupBy=channel` the answer adds
 * `channels`, each channel that had a scored event with its own figures and series: the dashboard's chart in
 * one call, from the same documents. The series is sparse: a bucket with no scored event is absent.
 *
 * Events scored by workflows that ran before the counters (patch `tag-topics`) are not counted; neither are
 * receipts labelled before processed_events existed (docs/DASHBOARD.md, "Scale").
 */
export function sentimentMetricsRouter(
  models: Models,
  readCounterTotals: CounterTotalsReader = storedCounterTotals,
): Router {
  const router = Router();
  router.get('/v1/metrics/sentiment', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
    const { channel, bucket, groupBy } = parsed.data;
    const asked = queryRange(parsed.data, new Date(), MAX_RANGE_DAYS[bucket], `${bucket} buckets`);
    const { from, to } = roundOutToHours(asked.from, asked.to);
    const topics = await readCounterTotals(models, callerOf(res).workspace, from, to, counterFamily.topics);
    const byChannel = sentimentFromCounters(topics, bucket);
    const figures = channel === undefined ? byChannel.all : channelFigures(byChannel, channel);
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      channel: channel ?? null,
      ...figures,
      ...(groupBy === 'channel'
        ? {
            channels:
              channel === undefined
                ? byChannel.channels
                : byChannel.channels[channel]
                  ? { [channel]: byChannel.channels[channel] }
                  : {},
          }
        : {}),
    });
  });
  return router;
}
