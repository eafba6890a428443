import type { CounterTotals } from '../../domain/reports/reportCounters';
import type { Models } from '../../storage/models';
import { addCounterBatch } from '../../storage/reportCounters';

/**
 * Writes counter totals into a workspace's report counters through storage's own write path, as one
 * customer's batches (one per bucket): a report read afterwards finds exactly these totals.
 */
export async function writeCounterTotals(
  models: Models,
  workspace: string,
  totals: CounterTotals,
  customerId = 'fixture',
): Promise<void> {
  let seq = 0;
  for (const [bucket, counts] of Object.entries(totals)) {
    await addCounterBatch(models, {
      workspace,
      customerId,
      seq: ++seq,
      increments: Object.entries(counts).map(([key, by]) => ({ bucket, key, by })),
    });
  }
}
