import { Router } from 'express';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { roundOutToHours } from '../../domain/reports/hourRange';
import { counterFamily } from '../../domain/reports/reportCounters';
import { channelFigures, sentimentFromCounters } from '../../domain/sentiment/sentimentFromCounters';
import type { Models } from '../../storage/models';
import {
  readCounterTotals as storedCounterTotals,
  sentimentCountingSince,
} from '../../storage/reportCounters';
import { asScoredCounters } from '../../domain/sentiment/sentimentCounters';
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
 * Read from the report counters kept at write time, by `_id` — 8 documents a day, whatever the number of
 * customers (storage/reportCounters.ts): the sentiment family (`s|<channel>|<label>`,
 * domain/sentiment/sentimentCounters.ts) for the hours since it counts, the topic family's `t|scored|…` (the
 * same events, in documents ten times larger with every topic mention) for hours before. With `groupBy=channel` the answer adds
 * `channels`, each channel that had a scored event with its own figures and series: the dashboard's chart in
 * one call, from the same documents. The series is sparse: a bucket with no scored event is absent.
 *
 * Events scored by workflows that ran before the counters (patch `tag-topics`) are not counted; neither are
 * receipts labelled before processed_events existed (docs/DASHBOARD.md, "Scale").
 */
export function sentimentMetricsRouter(
  models: Models,
  readCounterTotals: CounterTotalsReader = storedCounterTotals,
  countingSince: (models: Models, workspace: string) => Promise<number | undefined> = sentimentCountingSince,
): Router {
  const router = Router();
  router.get('/v1/metrics/sentiment', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
    const { channel, bucket, groupBy } = parsed.data;
    const asked = queryRange(parsed.data, new Date(), MAX_RANGE_DAYS[bucket], `${bucket} buckets`);
    const { from, to } = roundOutToHours(asked.from, asked.to);
    const workspace = callerOf(res).workspace;
    // Hours since the sentiment family counts from it (small documents); earlier ones from the topic family's
    // `scored` counters, which count the same events (storage/reportCounters.ts, sentimentSinceKey).
    const since = (await countingSince(models, workspace)) ?? to.getTime();
    const split = new Date(Math.min(Math.max(since, from.getTime()), to.getTime()));
    const [before, after] = await Promise.all([
      split > from ? readCounterTotals(models, workspace, from, split, counterFamily.topics) : {},
      split < to
        ? readCounterTotals(models, workspace, split, to, counterFamily.sentiment).then(asScoredCounters)
        : {},
    ]);
    const byChannel = sentimentFromCounters({ ...before, ...after }, bucket);
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
