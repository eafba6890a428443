import type { Client } from '@temporalio/client';
import type { mongo } from 'mongoose';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import { customerWorkflowId } from '../../domain/customer/workflowIds';
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import { eventKey } from '../../storage/documentKeys';
import type { Models } from '../../storage/models';
import { withBusyRetry } from '../../storage/withBusyRetry';
import { customerWorkflow, ingestEventsSignal } from '../../workflows/customer/customerWorkflow';

export interface IngestionOptions {
  client: Client;
  models: Models;
  taskQueue: string;
  /** Passed to new customer workflows; tests use a small value to exercise continue-as-new. */
  continueAsNewAfterHistoryLength?: number;
  /** Signal-with-start calls in flight at once per request. */
  signalConcurrency?: number;
}

export interface IngestionResult {
  accepted: number;
  duplicates: number;
}

/** Some customers' workflows could not be reached; the caller should retry (duplicates are safe). */
export class DeliveryError extends Error {
  constructor(
    readonly failedCustomers: string[],
    cause: unknown,
  ) {
    super(`Could not deliver events to ${failedCustomers.length} customer workflow(s): ${String(cause)}`, {
      cause,
    });
  }
}

const DUPLICATE_KEY = 11000;

interface EventReceipt {
  _id: string;
  processedAt?: Date;
  [field: string]: unknown;
}

/**
 * Takes valid events into Tutti, exactly once each:
 * 1. a receipt per event is inserted into MongoDB, keyed by (workspace, event id); an id that is already
 *    there is a duplicate — however long ago it was first sent;
 * 2. the new events are signalled to their customers' workflows with signal-with-start (one call per
 *    customer).
 * If 2 fails (Temporal unreachable, or the process dies in between), the receipt exists but the workflow may
 * not have the event. So a duplicate whose receipt the workflow has not yet processed (`processedAt` unset)
 * is signalled again: the workflow's own id dedupe makes that harmless, and the event cannot be lost.
 * The common path is one insert per batch: no reads and no updates, which matters on the embedded SQLite
 * backend, where every round trip costs CPU and concurrent updates fail with SQLITE_BUSY.
 */
export function createEventIngestion(options: IngestionOptions) {
  const { client, models, taskQueue } = options;
  // The native collection: receipts are written on the hot path, where mongoose's casting costs more than the write.
  const events = models.events.collection as unknown as mongo.Collection<EventReceipt>;

  return async function ingestEvents(workspace: string, batch: CustomerEvent[]): Promise<IngestionResult> {
    // The same id twice in one request is one event.
    const unique = new Map<string, CustomerEvent>();
    for (const event of batch) if (!unique.has(event.id)) unique.set(event.id, event);
    const candidates = [...unique.values()];

    const known = await insertReceipts(workspace, candidates);
    const fresh = candidates.filter((e) => !known.has(e.id));
    const unprocessed = await unprocessedOf(
      workspace,
      candidates.filter((e) => known.has(e.id)),
    );

    const failedCustomers = await deliver(workspace, [...fresh, ...unprocessed]);
    if (failedCustomers.length > 0) throw new DeliveryError(failedCustomers, 'signal-with-start failed');
    return { accepted: fresh.length, duplicates: batch.length - fresh.length };
  };

  /** Inserts receipts; returns the ids that already had one. */
  async function insertReceipts(workspace: string, batch: CustomerEvent[]): Promise<Set<string>> {
    const docs = batch.map((e) => ({
      _id: eventKey(workspace, e.id),
      workspace,
      eventId: e.id,
      customerId: e.customerId,
      type: e.type,
      channel: e.channel,
      occurredAt: new Date(e.occurredAt),
      receivedAt: new Date(e.receivedAt),
      ...(e.text !== undefined ? { text: e.text } : {}),
      properties: e.properties,
    }));
    try {
      await withBusyRetry(() => events.insertMany(docs, { ordered: false }));
      return new Set();
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors === undefined || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) throw error;
      return new Set(writeErrors.map((w) => batch[w.index].id));
    }
  }

  /** Of events already received, those the workflow has not processed yet: they may never have reached it. */
  async function unprocessedOf(workspace: string, duplicates: CustomerEvent[]): Promise<CustomerEvent[]> {
    // By _id alone (storage/documentKeys.ts), one read per duplicate: duplicates are the rare path.
    const receipts = await Promise.all(
      duplicates.map((e) =>
        events.findOne({ _id: eventKey(workspace, e.id) }, { projection: { processedAt: 1 } }),
      ),
    );
    return duplicates.filter((_, i) => receipts[i] !== null && !receipts[i]?.processedAt);
  }

  /** Signals each customer's events; returns the customers whose workflow could not be reached. */
  async function deliver(workspace: string, batch: CustomerEvent[]): Promise<string[]> {
    const byCustomer = new Map<string, CustomerEvent[]>();
    for (const event of batch) {
      const list = byCustomer.get(event.customerId) ?? [];
      list.push(event);
      byCustomer.set(event.customerId, list);
    }
    const customers = [...byCustomer.keys()];
    const results = await mapWithConcurrency(
      customers,
      options.signalConcurrency ?? 32,
      async (customerId) => {
        // In order, one signal after the other: the workflow applies a customer's events as they arrive.
        for (const events of signalSizedChunks(byCustomer.get(customerId) ?? [])) {
          await client.workflow.signalWithStart(customerWorkflow, {
            workflowId: customerWorkflowId(workspace, customerId),
            taskQueue,
            args: [
              {
                workspace,
                customerId,
                ...(options.continueAsNewAfterHistoryLength
                  ? { continueAsNewAfterHistoryLength: options.continueAsNewAfterHistoryLength }
                  : {}),
              },
            ],
            signal: ingestEventsSignal,
            signalArgs: [events],
          });
        }
      },
    );
    return customers.filter((_, i) => results[i].status === 'rejected');
  }
}

/**
 * Temporal refuses a payload over 2 MB (and warns from 512 KB), and 500 events of one customer with long
 * texts come to several MB. So a customer's events go in signals of at most this much JSON each.
 */
export const MAX_SIGNAL_BYTES = 256 * 1024;

/** Consecutive runs of events, each under MAX_SIGNAL_BYTES as JSON (an event alone may not be split). */
export function signalSizedChunks(events: readonly CustomerEvent[]): CustomerEvent[][] {
  const chunks: CustomerEvent[][] = [];
  let current: CustomerEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event));
    if (current.length > 0 && bytes + size > MAX_SIGNAL_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function writeErrorsOf(error: unknown): { index: number; code: number }[] | undefined {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]) as { index: number; code: number }[];
  return list.map((w) => ({ index: w.index, code: w.code }));
}

export type IngestEvents = ReturnType<typeof createEventIngestion>;
