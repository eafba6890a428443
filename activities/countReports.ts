import type { CounterBatch } from '../domain/reports/reportCounters';
import type { Models } from '../storage/models';
import { addCounterBatch } from '../storage/reportCounters';
import { storeWrite } from '../storage/writeFailure';

/**
 * Adds a customer's batch of report counter increments to the report counters (storage/reportCounters.ts):
 * each document it touches exactly once, so a retried activity counts nothing twice. The customer workflow
 * calls it with its batches one at a time, in `seq` order. A write storage refuses for good (a bucket or key
 * that is not one) fails as non-retryable STORE_WRITE_REFUSED.
 */
export function createCountReports(models: Models) {
  return async function countReports(batch: CounterBatch): Promise<void> {
    if (batch.increments.length === 0) return;
    await storeWrite(`Report counters of customer ${batch.customerId} (batch ${batch.seq})`, () =>
      addCounterBatch(models, batch),
    );
  };
}
