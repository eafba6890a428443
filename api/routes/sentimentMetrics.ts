import { Router } from 'express';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../../domain/events/eventTypes';
import { netSentiment, sumCounts, type SentimentCounts } from '../../domain/sentiment/netSentiment';
import type { Models } from '../../storage/models';
import { callerOf } from '../auth';
import { MAX_RANGE_DAYS, queryRange, rangeParameters } from '../queryRange';
import { validationProblem } from '../problem';
import { fieldErrors } from '../zodErrors';

type Bucket = keyof typeof MAX_RANGE_DAYS;

/** Where each bucket size is stored on the processed event, written by the projection (activities/projectCustomer.ts). */
const BUCKET_FIELD: Record<Bucket, 'bucketHour' | 'bucketDay'> = { hour: 'bucketHour', day: 'bucketDay' };

const querySchema = z.object({
  // A date alone is the start of that day in UTC, as the day buckets are.
  ...rangeParameters,
  channel: z.enum(EVENT_CHANNELS, { error: `must be one of ${EVENT_CHANNELS.join(', ')}` }).optional(),
  bucket: z.enum(['hour', 'day'], { error: 'must be hour or day' }).default('day'),
});

interface MetricsQuery {
  from: Date;
  to: Date;
  channel?: (typeof EVENT_CHANNELS)[number];
  bucket: Bucket;
}

/** The query with its defaults applied: `to` now, `from` 7 days before `to`. Throws a 400 naming the parameter. */
function parseQuery(query: unknown, now: Date): MetricsQuery {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) throw validationProblem('The query is not valid.', fieldErrors(parsed.error));
  const { channel, bucket } = parsed.data;
  const { from, to } = queryRange(parsed.data, now, MAX_RANGE_DAYS[bucket], `${bucket} buckets`);
  return { from, to, channel, bucket };
}

interface BucketLabelRow {
  _id: { bucket: string; label: string };
  count: number;
}

/** Rows of (bucket, label, count) as one counts row per bucket, in time order. */
function pivot(rows: readonly BucketLabelRow[]): (SentimentCounts & { bucket: string })[] {
  const buckets = new Map<string, SentimentCounts>();
  for (const { _id, count } of rows) {
    const { bucket, label } = _id;
    if (label !== 'positive' && label !== 'negative' && label !== 'neutral') continue;
    let counts = buckets.get(bucket);
    if (counts === undefined) buckets.set(bucket, (counts = { positive: 0, negative: 0, neutral: 0 }));
    counts[label] += count;
  }
  // Bucket keys are zero-padded UTC ISO strings, so string order is time order.
  return [...buckets]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([bucket, counts]) => ({ bucket, ...counts }));
}

const legacyLabels = new WeakMap<Models, Promise<boolean>>();

/**
 * Whether any receipt carries a sentiment label, as the projection wrote them before processed_events existed.
 * Asked once per process (on FerretDB a scan of the receipts): no code writes such a label any more, so a
 * database without one never gets one, and the metrics then read processed_events alone.
 */
function hasLegacyLabels(models: Models): Promise<boolean> {
  let answer = legacyLabels.get(models);
  if (!answer) {
    answer = models.events.exists({ label: { $exists: true } }).then((doc) => doc !== null);
    // A failed look-up is asked again next time.
    answer.catch(() => legacyLabels.delete(models));
    legacyLabels.set(models, answer);
  }
  return answer;
}

/**
 * `GET /v1/metrics/sentiment?from=&to=&channel=&bucket=hour|day`: net sentiment of the workspace's scored
 * events whose occurredAt is in [from, to), overall and per UTC hour or day.
 *
 * One $match + $group over the bucket keys the projection stores on each event, because the embedded
 * FerretDB has no $dateTrunc, $dateToString, $cond or $facet; the few (bucket, label) rows are pivoted
 * here. The range is half-open and applies to events, so the first and last bucket cover only the part
 * of their hour or day inside it.
 * The series is sparse: a bucket with no scored event is absent, not a row of zeros.
 */
export function sentimentMetricsRouter(models: Models): Router {
  const router = Router();
  router.get('/v1/metrics/sentiment', async (req, res) => {
    const { from, to, channel, bucket } = parseQuery(req.query, new Date());
    const field = BUCKET_FIELD[bucket];
    const pipeline = [
      {
        $match: {
          workspace: callerOf(res).workspace,
          occurredAt: { $gte: from, $lt: to },
          ...(channel !== undefined ? { channel } : {}),
          // Only scored events carry a label, and only projected ones the bucket keys.
          label: { $exists: true },
          [field]: { $exists: true },
        },
      },
      // One accumulator only: FerretDB v1 computes just the first accumulator of a $group and answers 0
      // for the others (seen with $sum of the 0/1 counters), so the labels are counted by grouping on them.
      { $group: { _id: { bucket: `$${field}`, label: '$label' }, count: { $sum: 1 } } },
    ];
    // What the projection wrote (processed_events), and what it wrote onto receipts before that collection
    // existed (a receipt carries a label only then): the two never hold the same event, and pivot adds them.
    const [processed, legacy] = await Promise.all([
      models.processedEvents.aggregate<BucketLabelRow>(pipeline),
      hasLegacyLabels(models).then((has) => (has ? models.events.aggregate<BucketLabelRow>(pipeline) : [])),
    ]);
    const rows = [...processed, ...legacy];
    const series = pivot(rows).map(({ bucket: key, ...counts }) => ({
      bucket: key,
      ...netSentiment(counts),
    }));
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      channel: channel ?? null,
      ...netSentiment(sumCounts(series)),
      series,
    });
  });
  return router;
}
