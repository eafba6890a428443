import { ApplicationFailure } from '@temporalio/common';
import type { Collection } from 'mongoose';
import { isDuplicateKey } from '../../storage/insertNew';
import { withBusyRetry } from '../../storage/withBusyRetry';
import { storeWrite } from '../../storage/writeFailure';

export type LogStatus = 'pending' | 'delivered' | 'failed';

/** The bookkeeping fields the outbox and the alerts collection share. */
export interface LogEntry {
  _id: string;
  status: LogStatus;
  adapter: string;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt?: Date;
  providerMessageId?: string;
  lastError?: string;
}

/**
 * The write-ahead record of one delivery, keyed by its idempotency key. Shared by the outbox (customer
 * messages) and the alerts collection (team alerts). Every write filters on `_id` alone — the one filter
 * FerretDB serves without a scan — and is wrapped in withBusyRetry against SQLITE_BUSY.
 *
 * It works on the driver collection (`model.collection`) so one implementation serves both models; the
 * documents it inserts are fully built by the caller, which types them (free-form parts encoded with
 * storage/freeForm.ts). A write storage refuses for good fails as non-retryable STORE_WRITE_REFUSED
 * (storage/writeFailure.ts): a message whose record cannot be written is reported at once, not retried for
 * an hour.
 */
export function deliveryLog(modelCollection: Collection) {
  // `model.collection` is typed for any document; this module reads and writes LogEntry fields only.
  const collection = modelCollection as unknown as Collection<LogEntry>;
  return {
    /**
     * Records an attempt: inserts the document on the first one; on a duplicate key (an earlier attempt,
     * or a replay) counts one more attempt. Answers the entry as it now stands, so the caller sees whether
     * an earlier attempt delivered already.
     */
    async begin(
      document: Omit<LogEntry, 'attempts' | 'status'> & Record<string, unknown>,
    ): Promise<LogEntry> {
      return storeWrite(`Delivery record ${document._id}`, async () => {
        const entry = { ...document, status: 'pending' as const, attempts: 1 };
        try {
          await withBusyRetry(() => collection.insertOne(entry));
          return entry;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        const existing = await collection.findOne<LogEntry>({ _id: document._id });
        if (!existing)
          throw new Error(`Delivery record ${document._id} vanished after a duplicate-key insert`);
        if (existing.status === 'delivered') return existing;
        await withBusyRetry(() =>
          collection.updateOne(
            { _id: document._id },
            { $inc: { attempts: 1 }, $set: { adapter: document.adapter, updatedAt: document.updatedAt } },
          ),
        );
        return { ...existing, adapter: document.adapter, attempts: existing.attempts + 1 };
      });
    },

    async delivered(
      id: string,
      result: { adapter: string; deliveredAt: Date; providerMessageId?: string },
    ): Promise<void> {
      await storeWrite(`Delivery record ${id}`, () =>
        withBusyRetry(() =>
          collection.updateOne(
            { _id: id },
            {
              $set: {
                status: 'delivered',
                adapter: result.adapter,
                deliveredAt: result.deliveredAt,
                updatedAt: result.deliveredAt,
                ...(result.providerMessageId !== undefined
                  ? { providerMessageId: result.providerMessageId }
                  : {}),
              },
              $unset: { lastError: '' },
            },
          ),
        ),
      );
    },

    /**
     * Notes why an attempt failed. A non-retryable failure marks the entry `failed`; a retryable one leaves
     * it `pending` for Temporal's next attempt. Never throws: the caller rethrows the original error, and a
     * bookkeeping failure must not hide it.
     */
    async failed(id: string, error: unknown): Promise<void> {
      const final = error instanceof ApplicationFailure && error.nonRetryable;
      const message = error instanceof Error ? error.message : String(error);
      try {
        await withBusyRetry(() =>
          collection.updateOne(
            { _id: id },
            {
              $set: {
                lastError: message.slice(0, 2000),
                updatedAt: new Date(),
                ...(final ? { status: 'failed' } : {}),
              },
            },
          ),
        );
      } catch {
        // Best effort; see above.
      }
    },
  };
}
