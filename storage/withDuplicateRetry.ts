import { withBusyRetry } from './withBusyRetry';

/**
 * Two upserts of the same new _id at once (a retried attempt racing the first): MongoDB retries the loser
 * itself, FerretDB answers E11000. Running the bulk again matches the document that now exists.
 */
export async function withDuplicateRetry<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await withBusyRetry(write);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return withBusyRetry(write);
  }
}

function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: { code?: number }[] };
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.every((w) => w.code === 11000));
}
