import { Router } from 'express';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { roundOutToHours } from '../../domain/reports/hourRange';
import { counterFamily } from '../../domain/reports/reportCounters';
import { topicMetricsReport } from '../../domain/topics/topicMetricsReport';
import type { Models } from '../../storage/models';
import { readCurrentPolicy } from '../../storage/policyStore';
import { callerOf } from '../auth';
import { validationProblem } from '../problem';
import { MAX_RANGE_DAYS, queryRange, rangeParameters } from '../queryRange';
import { fieldErrors } from '../zodErrors';
import type { CounterTotalsReader } from './reports';

export interface TopicMetricsDependencies {
  models: Models;
  readCounterTotals: CounterTotalsReader;
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
 */
export function topicMetricsRouter({ models, readCounterTotals }: TopicMetricsDependencies): Router {
  const router = Router();
  router.get('/v1/metrics/topics', async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
    const { channel } = parsed.data;
    const asked = queryRange(parsed.data, new Date(), MAX_RANGE_DAYS.day, 'topic metrics');
    const { from, to } = roundOutToHours(asked.from, asked.to);
    const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const { workspace } = callerOf(res);
    const [policy, current, previous] = await Promise.all([
      readCurrentPolicy(models, workspace),
      readCounterTotals(models, workspace, from, to, counterFamily.topics),
      readCounterTotals(models, workspace, previousFrom, from, counterFamily.topics),
    ]);
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      channel: channel ?? null,
      ...topicMetricsReport(current, previous, policy.topics, channel),
    });
  });
  return router;
}
