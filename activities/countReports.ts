import { counterFamily, type CounterBatch } from '../domain/reports/reportCounters';
import type { Models } from '../storage/models';
import { withSentimentCounters } from '../domain/sentiment/sentimentCounters';
import { withTopicDayCounters } from '../domain/topics/topicDayCounters';
import { addCounterBatch, markCounting } from '../storage/reportCounters';
import { storeWrite } from '../storage/writeFailure';

/**
 * Adds a customer's batch of report counter increments to the report counters (storage/reportCounters.ts):
 * each document it touches exactly once, so a retried activity counts nothing twice. The customer workflow
 * calls it with its batches one at a time, in `seq` order. Each scored event of the topic family is counted in the
 * sentiment family too (domain/sentiment/sentimentCounters.ts), and every topic counter in the topic day family
 * (domain/topics/topicDayCounters.ts). A write storage refuses for good (a bucket or key that is not one) fails as
 * non-retryable STORE_WRITE_REFUSED.
 */
export function createCountReports(models: Models) {
  return async function countReports(batch: CounterBatch): Promise<void> {
    if (batch.increments.length === 0) return;
    // Counted again in the small sentiment family and per day in the topic day family (no workflow change:
    // derived here, and marked with the batch's seq like every document it touches), after the markers saying
    // since when.
    const withSentiment = withSentimentCounters(batch.increments);
    const increments = withTopicDayCounters(withSentiment);
    await storeWrite(`Report counters of customer ${batch.customerId} (batch ${batch.seq})`, async () => {
      if (withSentiment.length > batch.increments.length) {
        await markCounting(models, batch.workspace, counterFamily.sentiment);
      }
      if (increments.length > withSentiment.length) {
        await markCounting(models, batch.workspace, counterFamily.topicDays);
      }
      await addCounterBatch(models, { ...batch, increments });
    });
  };
}
