import type { Client } from '@temporalio/client';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import { customerWorkflowId } from '../../domain/customer/workflowIds';
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import type { mongo } from 'mongoose';
import { eventKey } from '../../storage/documentKeys';
import type { Models } from '../../storage/models';
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
  signaledAt: Date | null;
  [field: string]: unknown;
}

/**
 * Takes valid events into Tutti, exactly once each:
 * 1. a receipt per event goes into MongoDB, unique by (workspace, event id) — a re-sent id is found here,
 *    however long ago it was first sent;
 * 2. the events are signalled to their customers' workflows with signal-with-start (one call per customer);
 * 3. receipts are marked delivered. A re-send of an event whose receipt is not marked (the first attempt
 *    failed between 1 and 3) is delivered again, and the workflow's own dedupe makes that harmless.
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

    const alreadyKnown = await insertReceipts(workspace, candidates);
    let toDeliver = candidates;
    let duplicates = batch.length - candidates.length;
    if (alreadyKnown.size > 0) {
      // One lookup per known id, by _id alone (see storage/documentKeys.ts); rare, so not worth batching.
      const receipts = await Promise.all(
        [...alreadyKnown].map((id) =>
          events.findOne({ _id: eventKey(workspace, id) }, { projection: { signaledAt: 1 } }),
        ),
      );
      const undelivered = new Set(
        [...alreadyKnown].filter((_, i) => receipts[i] && !receipts[i]?.signaledAt),
      );
      toDeliver = candidates.filter((e) => !alreadyKnown.has(e.id) || undelivered.has(e.id));
      duplicates += candidates.length - toDeliver.length;
    }

    await deliver(workspace, toDeliver);
    await markDelivered(workspace, toDeliver);
    return { accepted: toDeliver.length, duplicates };
  };

  async function markDelivered(workspace: string, delivered: CustomerEvent[]): Promise<void> {
    if (delivered.length === 0) return;
    const signaledAt = new Date();
    await events.bulkWrite(
      delivered.map((e) => ({
        updateOne: { filter: { _id: eventKey(workspace, e.id) }, update: { $set: { signaledAt } } },
      })),
      { ordered: false },
    );
  }

  /** Inserts receipts; returns the ids that were already there. */
  async function insertReceipts(workspace: string, batch: CustomerEvent[]): Promise<Set<string>> {
    const known = new Set<string>();
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
      signaledAt: null,
    }));
    try {
      await events.insertMany(docs, { ordered: false });
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors === undefined || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) throw error;
      for (const w of writeErrors) known.add(batch[w.index].id);
    }
    return known;
  }

  async function deliver(workspace: string, batch: CustomerEvent[]): Promise<void> {
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
    const failed = customers.filter((_, i) => results[i].status === 'rejected');
    if (failed.length > 0) {
      // Delivered customers still get their receipts marked, so a retry only re-sends what failed.
      const delivered = batch.filter((e) => !failed.includes(e.customerId)).map((e) => e.id);
      if (delivered.length > 0) {
        await events.updateMany(
          { workspace, eventId: { $in: delivered } },
          { $set: { signaledAt: new Date() } },
        );
      }
      const firstFailure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      throw new DeliveryError(failed, firstFailure.reason);
    }
  }
}

function writeErrorsOf(error: unknown): { index: number; code: number }[] | undefined {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((w: { index: number; code: number; err?: { index: number; code: number } }) => ({
    index: w.err?.index ?? w.index,
    code: w.err?.code ?? w.code,
  }));
}

export type IngestEvents = ReturnType<typeof createEventIngestion>;
