import { Router } from 'express';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { roundOutToHours } from '../../domain/reports/hourRange';
import { counterFamily } from '../../domain/reports/reportCounters';
import {
  addTotals,
  dayTotalsAsTopicHours,
  hoursWithin,
  planTopicReads,
} from '../../domain/topics/topicDayCounters';
import { topicMetricsReport } from '../../domain/topics/topicMetricsReport';
import type { Models } from '../../storage/models';
import { topicDayCountingSince } from '../../storage/reportCounters';
import { readCurrentPolicy } from '../../storage/policyStore';
import { callerOf } from '../auth';
import { validationProblem } from '../problem';
import { MAX_RANGE_DAYS, queryRange, rangeParameters } from '../queryRange';
import { fieldErrors } from '../zodErrors';
import type { CounterTotalsReader } from './reports';

export interface TopicMetricsDependencies {
  models: Models;
  readCounterTotals: CounterTotalsReader;
  /** Since when the workspace's topic day family counts (storage/reportCounters.ts, topicDayCountingSince). */
  countingSince?: (models: Models, workspace: string) => Promise<number | undefined>;
}

const querySchema = z.object({
  ...rangeParameters,
  channel: z.enum(EVENT_CHANNELS, { error: `must be one of ${EVENT_CHANNELS.join(', ')}` }).optional(),
});

/**
 * `GET /v1/metrics/topics?from=&to=&channel=` (docs/DESIGN.md, "Topics and alerts"; docs/TOPICS.md, "Topic
 * metrics and drivers"): each topic of the policy in force, its mentions and NSS in [from, to) and in the
 * period of equal length before `from`, and how much it drags the workspace's NSS down. Reads the topic
 * counters the customer workflow wrote at write time (domain/topics/topicCounters.ts) by `_id`: the range is
 * rounded out to whole UTC hours, as the reports' are, and the answer gives the rounded range.
 *
 * Whole UTC days of the two periods since the topic day family counts are read from it (one bucket a day,
 * domain/topics/topicDayCounters.ts); the hours of partial days at the edges, and days before it counted, from
 * the hourly topic family — the same counts either way (planTopicReads). A 7-day range from midnight to
 * midnight reads 112 small documents and no hourly one; any other reads the hourly documents of at most three
 * days (where the earlier period starts, where the periods meet, where the range ends).
 */
export function topicMetricsRouter({
  models,
  readCounterTotals,
  countingSince = topicDayCountingSince,
}: TopicMetricsDependencies): Router {
  const router = Router();
  router.get('/v1/metrics/topics', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
    const { channel } = parsed.data;
    const asked = queryRange(parsed.data, new Date(), MAX_RANGE_DAYS.day, 'topic metrics');
    const { from, to } = roundOutToHours(asked.from, asked.to);
    const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const { workspace } = callerOf(res);
    const periods = {
      current: { from: from.getTime(), to: to.getTime() },
      previous: { from: previousFrom.getTime(), to: from.getTime() },
    };
    const [policy, totals] = await Promise.all([
      readCurrentPolicy(models, workspace),
      countingSince(models, workspace).then(async (since) => {
        const plan = planTopicReads([periods.previous, periods.current], since);
        const read = (family: string, range: { from: number; to: number }) =>
          readCounterTotals(models, workspace, new Date(range.from), new Date(range.to), family);
        return addTotals(
          ...(await Promise.all([
            ...plan.hours.map((range) => read(counterFamily.topics, range)),
            ...plan.days.map((range) => read(counterFamily.topicDays, range).then(dayTotalsAsTopicHours)),
          ])),
        );
      }),
    ]);
    const current = hoursWithin(totals, periods.current);
    const previous = hoursWithin(totals, periods.previous);
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      channel: channel ?? null,
      ...topicMetricsReport(current, previous, policy.topics, channel),
    });
  });
  return router;
}
