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
  [field: string]: unknown;
}

/**
 * Takes valid events into Tutti, exactly once each:
 * 1. ids that already have a receipt in MongoDB are duplicates — however long ago they were first sent;
 * 2. the rest are signalled to their customers' workflows with signal-with-start (one call per customer);
 * 3. then their receipts are written (with the text, for the timeline and metrics).
 * A crash between 2 and 3 means a re-send is signalled again, which the workflow's own id dedupe absorbs.
 * The workflow's projection may write the event's score before step 3 (it upserts); the receipt then
 * completes that document instead. Two requests racing with the same id both pass step 1 and both count
 * it accepted — the workflow still applies it once.
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

    // One lookup per id, by _id alone (storage/documentKeys.ts): a primary-key read on either server.
    const existing = await Promise.all(
      candidates.map((e) => events.findOne({ _id: eventKey(workspace, e.id) }, { projection: { _id: 1 } })),
    );
    const fresh = candidates.filter((_, i) => existing[i] === null);

    const failedCustomers = await deliver(workspace, fresh);
    const delivered = fresh.filter((e) => !failedCustomers.includes(e.customerId));
    await writeReceipts(workspace, delivered);
    if (failedCustomers.length > 0) throw new DeliveryError(failedCustomers, 'signal-with-start failed');
    return { accepted: delivered.length, duplicates: batch.length - delivered.length };
  };

  /** Inserts receipts; where the projection got there first, completes its document instead. */
  async function writeReceipts(workspace: string, batch: CustomerEvent[]): Promise<void> {
    if (batch.length === 0) return;
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
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors === undefined || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) throw error;
      await Promise.all(
        writeErrors.map(({ index }) => {
          const { _id, ...receipt } = docs[index];
          return withBusyRetry(() => events.updateOne({ _id }, { $set: receipt }));
        }),
      );
    }
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
    const results = await mapWithConcurrency(customers, options.signalConcurrency ?? 32, (customerId) =>
      client.workflow.signalWithStart(customerWorkflow, {
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
        signalArgs: [byCustomer.get(customerId) ?? []],
      }),
    );
    return customers.filter((_, i) => results[i].status === 'rejected');
  }
}

function writeErrorsOf(error: unknown): { index: number; code: number }[] | undefined {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]) as { index: number; code: number }[];
  return list.map((w) => ({ index: w.index, code: w.code }));
}

export type IngestEvents = ReturnType<typeof createEventIngestion>;
