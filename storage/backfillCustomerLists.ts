import type { Collection } from 'mongoose';
import type { CustomerListDocument, CustomerListKind } from './customerLists';
import { customerListKey } from './customerLists';
import type { Models } from './models';
import { withDuplicateRetry } from './withDuplicateRetry';
import { writeEach } from './writeEach';

/** A document's owner and `_id`: all the backfill reads of it. */
interface Owned {
  _id: string;
  workspace: string;
  customerId: string;
}

/**
 * Lists the documents written before per-customer lists existed (storage/README.md, "Per-customer lists"). A
 * customer without a list is read with the old scans, but the first write after the upgrade creates their list
 * with only the new ids, and the older documents drop off the ledger, the outbox and the timeline; this puts
 * them back. It reads each collection once, whole — a scan on FerretDB, once rather than on every request — and
 * puts each customer's unlisted ids, oldest first, in front of what their list holds (older documents were
 * written before anything listed).
 *
 * Run it with the workers stopped: it rewrites a list with one `$set`, and on FerretDB an append landing at the
 * same moment could be lost (storage/customerLists.ts). Running it again changes nothing.
 */
export async function backfillCustomerLists(models: Models): Promise<{ lists: number; ids: number }> {
  const owned = { workspace: 1, customerId: 1 } as const;
  const sources: [CustomerListKind, () => Promise<Owned[]>][] = [
    ['messages', () => models.contacts.find({}, owned).sort({ decidedAt: 1 }).lean<Owned[]>().exec()],
    ['messages', () => models.outbox.find({}, owned).sort({ createdAt: 1 }).lean<Owned[]>().exec()],
    ['events', () => models.events.find({}, owned).sort({ occurredAt: 1 }).lean<Owned[]>().exec()],
    ['decisions', () => models.decisions.find({}, owned).sort({ decidedAt: 1 }).lean<Owned[]>().exec()],
    [
      'journeySteps',
      () => models.journeySteps.find({}, owned).sort({ at: 1, seq: 1 }).lean<Owned[]>().exec(),
    ],
  ];
  const found = new Map<
    string,
    { kind: CustomerListKind; workspace: string; customerId: string; ids: Set<string> }
  >();
  for (const [kind, read] of sources) {
    for (const doc of await read()) {
      const _id = customerListKey(kind, doc.workspace, doc.customerId);
      const list = found.get(_id) ?? {
        kind,
        workspace: doc.workspace,
        customerId: doc.customerId,
        ids: new Set(),
      };
      list.ids.add(doc._id);
      found.set(_id, list);
    }
  }

  const collection = models.customerLists.collection as unknown as Collection<CustomerListDocument>;
  let lists = 0;
  let ids = 0;
  await writeEach([...found], async ([_id, { kind, workspace, customerId, ids: older }]) => {
    const listed = (await models.customerLists.findById(_id, { ids: 1 }).lean().exec())?.ids ?? [];
    const known = new Set(listed);
    const missing = [...older].filter((id) => !known.has(id));
    if (missing.length === 0) return;
    await withDuplicateRetry(() =>
      collection.updateOne(
        { _id },
        { $setOnInsert: { workspace, customerId, kind }, $set: { ids: [...missing, ...listed] } },
        { upsert: true },
      ),
    );
    lists++;
    ids += missing.length;
  });
  return { lists, ids };
}
