import { Router } from 'express';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { roundOutToHours } from '../../domain/reports/hourRange';
import { counterFamily, type CounterTotals } from '../../domain/reports/reportCounters';
import { channelFigures, sentimentFromCounters } from '../../domain/sentiment/sentimentFromCounters';
import type { Models } from '../../storage/models';
import {
  readCounterTotals as storedCounterTotals,
  sentimentCountingSince,
  topicDayCountingSince,
} from '../../storage/reportCounters';
import {
  addTotals,
  dayTotalsAsTopicHours,
  planTopicReads,
  type TimeRange,
} from '../../domain/topics/topicDayCounters';
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
 * same events, in documents ten times larger with every topic mention) for hours before. With day buckets,
 * whole UTC days since the topic day family counts are read from it instead (`td|scored|…`, one bucket a day:
 * domain/topics/topicDayCounters.ts), and only the hours of partial days as above. With `groupBy=channel` the answer adds
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
  dayCountingSince: (
    models: Models,
    workspace: string,
  ) => Promise<number | undefined> = topicDayCountingSince,
): Router {
  const router = Router();
  router.get('/v1/metrics/sentiment', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
    const { channel, bucket, groupBy } = parsed.data;
    const asked = queryRange(parsed.data, new Date(), MAX_RANGE_DAYS[bucket], `${bucket} buckets`);
    const { from, to } = roundOutToHours(asked.from, asked.to);
    const workspace = callerOf(res).workspace;
    // Whole days (day buckets only) from the topic day family since it counts; the other hours since the
    // sentiment family counts from it (small documents), earlier ones from the topic family's `scored`
    // counters, which count the same events (storage/reportCounters.ts, countingSinceKey).
    const [sentimentSince, daysSince] = await Promise.all([
      countingSince(models, workspace),
      bucket === 'day' ? dayCountingSince(models, workspace) : undefined,
    ]);
    const plan = planTopicReads([{ from: from.getTime(), to: to.getTime() }], daysSince);
    const since = sentimentSince ?? to.getTime();
    const read = (family: string, start: number, end: number) =>
      readCounterTotals(models, workspace, new Date(start), new Date(end), family);
    const readHours = ({ from: start, to: end }: TimeRange): Promise<CounterTotals>[] => {
      const split = Math.min(Math.max(since, start), end);
      const reads: Promise<CounterTotals>[] = [];
      if (split > start) reads.push(read(counterFamily.topics, start, split));
      if (split < end) reads.push(read(counterFamily.sentiment, split, end).then(asScoredCounters));
      return reads;
    };
    const totals = addTotals(
      ...(await Promise.all([
        ...plan.hours.flatMap(readHours),
        ...plan.days.map((days) =>
          read(counterFamily.topicDays, days.from, days.to).then(dayTotalsAsTopicHours),
        ),
      ])),
    );
    const byChannel = sentimentFromCounters(totals, bucket);
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
