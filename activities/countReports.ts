import type { CounterBatch } from '../domain/reports/reportCounters';
import type { Models } from '../storage/models';
import { withSentimentCounters } from '../domain/sentiment/sentimentCounters';
import { addCounterBatch, markSentimentCounting } from '../storage/reportCounters';
import { storeWrite } from '../storage/writeFailure';

/**
 * Adds a customer's batch of report counter increments to the report counters (storage/reportCounters.ts):
 * each document it touches exactly once, so a retried activity counts nothing twice. The customer workflow
 * calls it with its batches one at a time, in `seq` order. Each scored event of the topic family is counted in the
 * sentiment family too (domain/sentiment/sentimentCounters.ts). A write storage refuses for good (a bucket or key
 * that is not one) fails as non-retryable STORE_WRITE_REFUSED.
 */
export function createCountReports(models: Models) {
  return async function countReports(batch: CounterBatch): Promise<void> {
    if (batch.increments.length === 0) return;
    // Scored events counted again in the small sentiment family (no workflow change: derived here, and marked
    // with the batch's seq like every document it touches), after the marker saying since when.
    const increments = withSentimentCounters(batch.increments);
    await storeWrite(`Report counters of customer ${batch.customerId} (batch ${batch.seq})`, async () => {
      if (increments.length > batch.increments.length) await markSentimentCounting(models, batch.workspace);
      await addCounterBatch(models, { ...batch, increments });
    });
  };
}
