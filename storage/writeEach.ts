import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import { classifyStoreError } from './writeFailure';

/**
 * Single-statement writes one activity keeps in flight at once. SQLite runs one write at a time, so more
 * only queue inside FerretDB (measured: updates by `_id` run fastest one or two at a time); a few overlap the
 * round trips. The process-wide bound is the driver pool (TUTTI_MONGO_MAX_POOL).
 */
export const WRITE_LANES = 4;

/**
 * Runs one single-statement write per item, WRITE_LANES at a time, every one of them even when some fail.
 * Then, if any failed, throws a transient failure in preference to a permanent one: a retry rewrites what
 * did not land (each write is idempotent), and only a batch whose failures are all permanent is given up.
 */
export async function writeEach<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  const results = await mapWithConcurrency(items, WRITE_LANES, write);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length === 0) return;
  throw failures.find((f) => classifyStoreError(f) === 'transient') ?? failures[0];
}
