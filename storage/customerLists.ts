import type { Collection } from 'mongoose';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import { customerKey } from './documentKeys';
import type { Models } from './models';
import { withDuplicateRetry } from './withDuplicateRetry';

/**
 * Per-customer lists (storage/README.md, "Per-customer lists"): for each kind of document a customer's read
 * routes show, one document holding that customer's `_id`s of it. FerretDB v1 serves only a filter that is
 * exactly `{ _id }` without reading the whole collection, so `find({ workspace, customerId })` costs
 * O(every customer's documents); reading the list by `_id` and then each document by `_id` costs O(this
 * customer's). On MongoDB the same reads are as cheap, and the write is one more single-statement upsert.
 *
 * - `messages`: messageIds, the `_id` of both the ledger (`contacts`) and the `outbox`;
 * - `events`: eventKey(workspace, eventId), the `_id` of both the receipt (`events`) and `processed_events`;
 * - `decisions`, `journeySteps`: the documents' own `_id`s.
 */
export type CustomerListKind = 'messages' | 'events' | 'decisions' | 'journeySteps';

/** Kind first, then the workspace (never containing ":"): unambiguous whatever the customer id holds. */
export function customerListKey(kind: CustomerListKind, workspace: string, customerId: string): string {
  return `${kind}:${workspace}:${customerId}`;
}

/** Documents a read route fetches by `_id` at once: a few round trips overlap, the driver pool stays free. */
export const LIST_READ_LANES = 8;

/**
 * How many of a customer's messages the ledger, the outbox and the timeline's deliveries are read from: the
 * 5,000 listed last, each read by `_id` (about a second at LIST_READ_LANES). They sort by the messages' own
 * times, so all of them are read, not just `limit`; a customer with more messages than this has the ones
 * first listed longest ago left out of those routes.
 */
export const MESSAGES_READ = 5_000;

/** A list as stored (storage/models/customerList.ts), for the driver's collection. */
export interface CustomerListDocument {
  _id: string;
  workspace: string;
  customerId: string;
  kind: CustomerListKind;
  ids: string[];
}

type ListModels = Pick<Models, 'customerLists'>;

/**
 * Adds ids to the customer's list of `kind`, creating it on first use: one single-statement upsert by `_id`,
 * and `$addToSet` makes a retried append a no-op. Call it after the documents themselves are written, so a
 * listed id is one a reader can fetch.
 */
export async function appendToCustomerList(
  models: ListModels,
  kind: CustomerListKind,
  workspace: string,
  customerId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const collection = models.customerLists.collection as unknown as Collection<CustomerListDocument>;
  const _id = customerListKey(kind, workspace, customerId);
  await oneAppendAtATime(_id, () =>
    // Two first appends from different processes: FerretDB answers the loser E11000, and the upsert run
    // again finds the winner's document.
    withDuplicateRetry(() =>
      collection.updateOne(
        { _id },
        { $setOnInsert: { workspace, customerId, kind }, $addToSet: { ids: { $each: [...ids] } } },
        { upsert: true },
      ),
    ),
  );
}

/**
 * The newest `newest` ids of the customer's list of `kind`, oldest first; `undefined` when the customer has
 * no such list and may have documents written before lists existed, which the caller reads with the query it
 * used then (a scan on FerretDB). A missing list is an empty one — no scan — when the customer is known to the
 * lists (`listedCustomer`): a customer never contacted has no list of messages, one in no journey none of
 * journey steps, and at 100,000 customers the scan for them took seconds (docs/DASHBOARD.md, "Scale").
 * FerretDB v1 has no `$slice` projection: the whole list is read and cut here.
 */
export async function readCustomerList(
  models: ListReadModels,
  kind: CustomerListKind,
  workspace: string,
  customerId: string,
  newest: number,
): Promise<string[] | undefined> {
  const list = await models.customerLists
    .findById(customerListKey(kind, workspace, customerId), { ids: 1 })
    .lean()
    .exec();
  if (list) return list.ids.slice(-newest);
  return (await listedCustomer(models, kind, workspace, customerId)) ? [] : undefined;
}

type ListReadModels = Pick<Models, 'customerLists' | 'customers'>;

/**
 * Whether every document of the customer is listed, so a list they lack is one with nothing in it — read by
 * `_id` only:
 * - the customer has a list of events: the projection lists every event it processes, so they were processed
 *   since lists exist, and a customer with documents from before has had them listed by
 *   `npm run backfill:customer-lists` (which an upgrade runs, see storage/README.md) or shows only the newer;
 * - for the events themselves, the customer has no read model at all: nothing of theirs was processed, before
 *   lists or since (an unknown customer's page costs no scan either).
 * A customer with a read model and no list of events was last projected before lists existed: scanned as then.
 */
async function listedCustomer(
  models: ListReadModels,
  kind: CustomerListKind,
  workspace: string,
  customerId: string,
): Promise<boolean> {
  if (kind !== 'events') {
    const events = await models.customerLists
      .findById(customerListKey('events', workspace, customerId), { _id: 1 })
      .lean()
      .exec();
    if (events) return true;
  }
  const customer = await models.customers
    .findById(customerKey(workspace, customerId), { _id: 1 })
    .lean()
    .exec();
  return customer === null;
}

/**
 * The step each of the customer's journeys `journeyIds` is at: its newest recorded step (journey_steps, `_id`
 * `${journeyId}:${seq}`), found through the customer's list of journey steps and read by `_id` — no filter.
 * A journey with no step recorded yet is absent from the answer.
 */
export async function currentJourneySteps(
  models: Pick<Models, 'customerLists' | 'journeySteps'>,
  workspace: string,
  customerId: string,
  journeyIds: readonly string[],
): Promise<Map<string, JourneyStepDocument>> {
  const found = new Map<string, JourneyStepDocument>();
  if (journeyIds.length === 0) return found;
  const list = await models.customerLists
    .findById(customerListKey('journeySteps', workspace, customerId), { ids: 1 })
    .lean()
    .exec();
  const newest = new Map<string, { id: string; seq: number }>();
  for (const id of list?.ids ?? []) {
    const cut = id.lastIndexOf(':');
    const journeyId = id.slice(0, cut);
    const seq = Number(id.slice(cut + 1));
    if (!journeyIds.includes(journeyId) || !Number.isInteger(seq)) continue;
    const best = newest.get(journeyId);
    if (!best || seq > best.seq) newest.set(journeyId, { id, seq });
  }
  const steps = await fetchEach(
    [...newest.values()].map((n) => n.id),
    (id) => models.journeySteps.findById(id).lean<JourneyStepDocument>().exec(),
  );
  for (const step of steps) found.set(step.journeyId, step);
  return found;
}

/** A journey step as stored (storage/models/journeyStep.ts). */
export interface JourneyStepDocument {
  _id: string;
  journeyId: string;
  journey: string;
  seq: number;
  step: string;
  at: Date;
  detail: unknown;
}

/**
 * Fetches each id with `find` (a read by `_id`), LIST_READ_LANES at a time, and answers the documents found,
 * in the order of `ids`. An id without a document is left out: a message decided but not (yet) delivered has
 * no outbox document, one delivered before its decision was mirrored no ledger entry yet.
 */
async function fetchEach<T>(
  ids: readonly string[],
  find: (id: string) => Promise<T | null | undefined>,
): Promise<T[]> {
  const results = await mapWithConcurrency(ids, LIST_READ_LANES, find);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
}

/** How a read route reads one kind of a customer's documents (readCustomerDocuments). */
export interface CustomerDocumentsRead<T> {
  /** The customer's list of the kind (readCustomerList), or undefined when they have none. */
  listed: Promise<string[] | undefined>;
  /** The query that served the kind before lists existed: a scan of the collection on FerretDB. */
  scan: () => Promise<T[]>;
  byId: (id: string) => Promise<T | null>;
  /** The order the scan sorts by. */
  newestFirst: (a: T, b: T) => number;
  /** Only these (the scan filters the same way). */
  keep?: (doc: T) => boolean;
  limit: number;
}

/**
 * A customer's newest documents of one kind, at most `limit`: each listed id read by `_id` (fetchEach), kept,
 * sorted as the scan sorts and cut; or, for a customer without a list — documents written before lists
 * existed — the scan itself.
 */
export async function readCustomerDocuments<T>(read: CustomerDocumentsRead<T>): Promise<T[]> {
  const ids = await read.listed;
  if (ids === undefined) return read.scan();
  const docs = await fetchEach(ids, read.byId);
  return docs
    .filter(read.keep ?? (() => true))
    .sort(read.newestFirst)
    .slice(0, read.limit);
}

/**
 * FerretDB v1 runs an update as a read on one SQLite connection and an unconditional write of the whole
 * document on another (internal/handler/common/update.go, backends/sqlite/collection.go), so two updates of
 * the same list at once can both read it before either writes, and the later write drops the earlier one's
 * ids. In one process (the worker: recordDecisions and deliverMessage both append a customer's messages,
 * a journey's steps are recorded without waiting for each other), appends to one list therefore go one at a
 * time. MongoDB applies `$addToSet` atomically and needs none of this.
 */
const appendsInFlight = new Map<string, Promise<void>>();

async function oneAppendAtATime(key: string, append: () => Promise<unknown>): Promise<void> {
  const previous = appendsInFlight.get(key) ?? Promise.resolve();
  const mine = previous.then(async () => {
    await append();
  });
  const settled = mine.catch(() => undefined);
  appendsInFlight.set(key, settled);
  try {
    await mine;
  } finally {
    if (appendsInFlight.get(key) === settled) appendsInFlight.delete(key);
  }
}
