import { isDuplicateKey } from './insertNew';
import { withBusyRetry } from './withBusyRetry';

/**
 * Two upserts of the same new _id at once (a retried attempt racing the first): MongoDB retries the loser
 * itself, FerretDB answers E11000. Running the upsert again matches the document that now exists. A second
 * E11000 is a real conflict (another unique index) and is thrown.
 */
export async function withDuplicateRetry<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await withBusyRetry(write);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return withBusyRetry(write);
  }
}
