/**
 * FerretDB v1, the embedded server, never answers an update command of 100 statements or more. Measured with
 * `bulkWrite` of `updateOne` by `_id`: 99 statements take 1.5 s, 100 never return (the activity times out and
 * is retried, forever). So writes of many documents go in batches well under that. On MongoDB this only costs
 * one round trip per batch.
 */
export const MAX_WRITE_BATCH = 50;

/** Runs `write` on consecutive slices of `items`, one after the other, so order is kept. */
export async function inBatches<T>(
  items: readonly T[],
  write: (batch: T[]) => Promise<unknown>,
  size = MAX_WRITE_BATCH,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) await write(items.slice(start, start + size));
}
