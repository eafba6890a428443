import type { Client } from '@temporalio/client';
import type { mongo } from 'mongoose';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import { MAX_EVENTS_PER_BATCH } from '../../domain/events/eventSchema';
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import { eventKey } from '../../storage/documentKeys';
import type { Models } from '../../storage/models';
import { encodeFreeForm } from '../../storage/freeForm';
import { GroupCommit } from '../../storage/groupCommit';
import type { InsertOutcome } from '../../storage/insertNew';
import { insertEach } from '../../storage/insertNew';
import type { customerWorkflow } from '../../workflows/customer/customerWorkflow';
import {
  CUSTOMER_WORKFLOW_TYPE,
  customerWorkflowId,
  ingestEventsSignal,
} from '../../workflows/customer/messages';

export interface IngestionOptions {
  client: Client;
  models: Models;
  taskQueue: string;
  /** Passed to new customer workflows; tests use a small value to exercise continue-as-new. */
  continueAsNewAfterHistoryLength?: number;
  /** Signal-with-start calls in flight at once per request. */
  signalConcurrency?: number;
  /** How long one signal-with-start may take, retries included (TUTTI_API_TEMPORAL_TIMEOUT_MS). */
  temporalCallTimeoutMs: number;
}

export interface IngestionResult {
  accepted: number;
  duplicates: number;
}

/**
 * Signal-with-start failed for some customers: their workflows could not be reached (Temporal down, slow or
 * refusing), so their new events are received but not yet applied. The caller should retry (duplicates are safe).
 */
export class WorkflowUnreachableError extends Error {
  constructor(
    readonly failedCustomers: string[],
    cause: unknown,
  ) {
    super(`Could not reach the workflows of ${failedCustomers.length} customer(s): ${String(cause)}`, {
      cause,
    });
    this.name = 'WorkflowUnreachableError';
  }
}

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
 * not have the event. So a duplicate the workflow has not yet processed (no processed_events document)
 * is signalled again: the workflow's own id dedupe makes that harmless, and the event cannot be lost.
 * The common path is one insert per group of concurrent requests (createReceipts): no reads and no updates,
 * which matters on the embedded SQLite backend, where every round trip costs CPU and concurrent updates fail
 * with SQLITE_BUSY.
 */
export function createEventIngestion(options: IngestionOptions) {
  const { client, models, taskQueue } = options;
  const { insertReceipts, unprocessedOf } = createReceipts(models);

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

    const failedCustomers = await signalWorkflows(workspace, [...fresh, ...unprocessed]);
    if (failedCustomers.length > 0) {
      throw new WorkflowUnreachableError(failedCustomers, 'signal-with-start failed');
    }
    return { accepted: fresh.length, duplicates: batch.length - fresh.length };
  };

  /** Signals each customer's events; returns the customers whose workflow could not be reached. */
  async function signalWorkflows(workspace: string, batch: CustomerEvent[]): Promise<string[]> {
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
          const deadline = Date.now() + options.temporalCallTimeoutMs;
          await client.withDeadline(deadline, () =>
            client.workflow.signalWithStart<typeof customerWorkflow, [CustomerEvent[]]>(
              CUSTOMER_WORKFLOW_TYPE,
              {
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
              },
            ),
          );
        }
      },
    );
    return customers.filter((_, i) => results[i].status === 'rejected');
  }
}

/** A receipt on its way into a group write; the write fills in `outcome`. */
interface PendingReceipt {
  doc: EventReceipt;
  outcome?: InsertOutcome;
}

/**
 * The most receipts in one insert: a whole batch of the contract's largest (an insert holds no query open in
 * FerretDB, so its size cannot wedge the server: storage/README.md).
 */
export const RECEIPT_GROUP_CAP = MAX_EVENTS_PER_BATCH;

/**
 * A request with this many events or more is an insert of its own, at once: an insert's own cost is about four
 * receipts' worth on FerretDB (docs/BENCHMARKS.md, "Coalesced receipts"), too little against 32 to be worth
 * waiting behind another request's insert for.
 */
export const RECEIPTS_ALONE_FROM = 32;

/**
 * The API's receipts (storage/README.md, "The write rule"): append-only, and a read or two by `_id` per
 * duplicate. Requests arriving while a receipt insert is in flight go together in the next one (a group
 * commit, storage/groupCommit.ts): at 32 single events in flight that is one insert for many requests
 * instead of one each, and FerretDB's cost and the driver's are per insert, not per document
 * (docs/BENCHMARKS.md, "Coalesced receipts"). Each request still waits for its own receipts to be written
 * before it signals anything.
 */
export function createReceipts(
  models: Models,
  /** Tests make groups small to see where one ends. */
  { groupCap = RECEIPT_GROUP_CAP }: { groupCap?: number } = {},
) {
  // The native collections: receipts are written on the hot path, where mongoose's casting costs more than the write.
  const events = models.events.collection as unknown as mongo.Collection<EventReceipt>;
  const processedEvents = models.processedEvents.collection as unknown as mongo.Collection<EventReceipt>;
  const write = async (pending: PendingReceipt[]) => {
    const outcomes = await insertEach(
      events,
      pending.map((p) => p.doc),
    );
    pending.forEach((p, i) => (p.outcome = outcomes[i]));
  };
  const commit = new GroupCommit<PendingReceipt>((_key, pending) => write(pending), groupCap);
  return { insertReceipts, unprocessedOf };

  /**
   * Inserts receipts (append-only, unordered: insertEach in storage/insertNew.ts), in a group with other
   * requests' receipts unless there are RECEIPTS_ALONE_FROM or more; returns the ids that already had one — a
   * re-sent event, or the same id sent by another request of the same group, whichever came second. Properties
   * are stored as storage can hold them (storage/freeForm.ts), so a valid event's receipt is never refused for
   * what the client put in them. Anything storage answers otherwise is thrown: a failure of the group's insert to
   * every request in the group, a document refused only to its own request; transient (retry the request) or
   * permanent (storage/writeFailure.ts), with every other receipt written.
   */
  async function insertReceipts(workspace: string, batch: CustomerEvent[]): Promise<Set<string>> {
    const pending: PendingReceipt[] = batch.map((e) => ({
      doc: {
        _id: eventKey(workspace, e.id),
        workspace,
        eventId: e.id,
        customerId: e.customerId,
        type: e.type,
        channel: e.channel,
        occurredAt: new Date(e.occurredAt),
        receivedAt: new Date(e.receivedAt),
        ...(e.text !== undefined ? { text: e.text } : {}),
        properties: encodeFreeForm(e.properties),
      },
    }));
    // One key for the groups: receipts of every workspace go to one collection, and the fewer inserts the better.
    if (pending.length >= RECEIPTS_ALONE_FROM) await write(pending);
    else await commit.append('receipts', pending);
    const duplicates = new Set<string>();
    for (const [i, { outcome }] of pending.entries()) {
      if (typeof outcome === 'object') throw outcome.error;
      if (outcome === 'duplicate') duplicates.add(batch[i].id);
    }
    return duplicates;
  }

  /**
   * Of events already received, those the workflow has not processed yet: they may never have reached it.
   * Processed means a processed_events document (storage/models/processedEvent.ts), or, for receipts older
   * than that collection, `processedAt` on the receipt.
   */
  async function unprocessedOf(workspace: string, duplicates: CustomerEvent[]): Promise<CustomerEvent[]> {
    // By _id alone (storage/documentKeys.ts), one read per duplicate, two for one not processed yet:
    // duplicates are the rare path.
    const processed = await Promise.all(
      duplicates.map(async (e) => {
        const _id = eventKey(workspace, e.id);
        if (await processedEvents.findOne({ _id }, { projection: { _id: 1 } })) return true;
        const receipt = await events.findOne({ _id }, { projection: { processedAt: 1 } });
        // No receipt at all cannot happen for a duplicate, unless it was deleted: nothing to re-signal then.
        return receipt === null || Boolean(receipt.processedAt);
      }),
    );
    return duplicates.filter((_, i) => !processed[i]);
  }
}

/**
 * Temporal refuses a payload over 2 MB (and warns from 512 KB), and 500 events of one customer with long
 * texts come to several MB. So a customer's events go in signals of at most this much JSON each.
 */
export const MAX_SIGNAL_BYTES = 256 * 1024;

/** Consecutive runs of events, each under MAX_SIGNAL_BYTES as JSON (an event alone may not be split). */
export function signalSizedChunks(events: readonly CustomerEvent[]): CustomerEvent[][] {
  // A lone event is a chunk whatever its size: no need to measure it (a single event is the common request).
  if (events.length === 1) return [[events[0]]];
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

export type IngestEvents = ReturnType<typeof createEventIngestion>;
