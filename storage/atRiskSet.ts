import type { Collection } from 'mongoose';
import type { AtRiskMember } from '../domain/customer/atRiskPage';
import { murmurHash3 } from '../domain/holdout/murmurHash3';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import type { Models } from './models';
import { oneAtATime } from './oneAtATime';
import { customerTag } from './reportCounters';
import { withBusyRetry } from './withBusyRetry';
import { withDuplicateRetry } from './withDuplicateRetry';

/**
 * The at-risk set (storage/README.md, "At-risk set"): the customers of a workspace whose read model says
 * `atRisk`, kept at write time by the projection (activities/projectCustomer.ts) so that listing them reads a
 * few documents by `_id` instead of filtering every customer — FerretDB v1 answers `find({ workspace, atRisk })`
 * by decoding the whole `customers` collection (about 10 s at 100,000 customers).
 *
 * One document per workspace and shard of customers (`AT_RISK_SHARDS`, murmurHash3 of the id), `_id`
 * `${workspace}:${shard}`: `m.<hex digit>.<customer tag>` = `"<latest event, ms>|<customerId>"`. The tag
 * (storage/reportCounters.ts, customerTag) is a valid field name whatever the id holds (`.` and `$` are allowed
 * in customer ids, not in field names); the hex digit nests the members 16 ways, because FerretDB rewrites the
 * whole document on every write and its cost grows with the square of one object's fields.
 *
 * Writes: joining or moving (a new latest event) is one `updateOne({ _id }, { $set: { m.x.tag } }, { upsert })`,
 * leaving is one `updateOne({ _id }, { $unset: { m.x.tag } })`: single statements by `_id`, idempotent, so a
 * retried projection repeats them harmlessly. FerretDB loses concurrent updates of one document, so a process
 * writes each document one statement at a time (oneAtATime); two worker processes on one FerretDB can still lose
 * a membership change (several workers want MongoDB, README "Scaling out"), which the reader tolerates: it
 * shows only customers whose own document still says at risk.
 */

/** Documents per workspace: a listing reads them all, a projection writes one. */
export const AT_RISK_SHARDS = 64;

/** Set documents read at once, by `_id`. */
export const AT_RISK_READ_LANES = 8;

/** A member as stored: `${latest event ms}|${customerId}` — one string, not an object: a listing decodes 10,000. */
type StoredMember = string;

function storedMember(customerId: string, lastEventAt: number): StoredMember {
  return `${lastEventAt}|${customerId}`;
}

export interface AtRiskSetDocument {
  _id: string;
  workspace: string;
  shard: number;
  m: Record<string, Record<string, StoredMember>>;
}

type SetModels = Pick<Models, 'atRiskSets'>;

export function atRiskSetKey(workspace: string, shard: number): string {
  return `${workspace}:${shard}`;
}

export function atRiskShard(customerId: string): number {
  return murmurHash3(customerId) % AT_RISK_SHARDS;
}

/** Where a customer's membership is in its document: `m.<hex digit>.<tag>`. */
function memberPath(customerId: string): string {
  const tag = customerTag(customerId);
  return `m.${tag.slice(-1)}.${tag}`;
}

/**
 * Puts the customer in the workspace's at-risk set with their latest event's time (`member`), or takes them
 * out (`null`). Idempotent.
 */
export async function writeAtRiskMembership(
  models: SetModels,
  workspace: string,
  customerId: string,
  member: { lastEventAt: number } | null,
): Promise<void> {
  const shard = atRiskShard(customerId);
  const _id = atRiskSetKey(workspace, shard);
  const collection = models.atRiskSets.collection as unknown as Collection<AtRiskSetDocument>;
  const path = memberPath(customerId);
  await oneAtATime(`${collection.dbName}.${collection.collectionName}:${_id}`, () =>
    member === null
      ? withBusyRetry(() => collection.updateOne({ _id }, { $unset: { [path]: '' } }))
      : // Two processes creating the document at once: FerretDB answers the loser E11000; the upsert run again
        // updates the winner's document.
        withDuplicateRetry(() =>
          withBusyRetry(() =>
            collection.updateOne(
              { _id },
              {
                $set: { [path]: storedMember(customerId, member.lastEventAt), workspace, shard },
              },
              { upsert: true },
            ),
          ),
        ),
  );
}

/** Every member of the workspace's at-risk set, unordered: AT_RISK_SHARDS documents read by `_id`. */
export async function readAtRiskMembers(models: SetModels, workspace: string): Promise<AtRiskMember[]> {
  const ids = Array.from({ length: AT_RISK_SHARDS }, (_, shard) => atRiskSetKey(workspace, shard));
  const results = await mapWithConcurrency(ids, AT_RISK_READ_LANES, (_id) =>
    models.atRiskSets.findById(_id, { m: 1 }).lean<Pick<AtRiskSetDocument, '_id' | 'm'>>().exec(),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const members: AtRiskMember[] = [];
  for (const result of results) {
    const nested = result.status === 'fulfilled' ? result.value?.m : undefined;
    if (!nested) continue;
    for (const group of Object.values(nested)) {
      if (typeof group !== 'object' || group === null) continue;
      for (const member of Object.values(group)) {
        if (typeof member !== 'string') continue;
        const cut = member.indexOf('|');
        const lastEventAt = Number(member.slice(0, cut));
        if (cut > 0 && Number.isFinite(lastEventAt)) {
          members.push({ customerId: member.slice(cut + 1), lastEventAt });
        }
      }
    }
  }
  return members;
}

/**
 * The set documents `writeAtRiskMembership` leaves after putting each of `members` in (for a bulk load, as
 * bench/dashboard-scale.ts does: insertMany of these is the same data as a write per member).
 */
export function atRiskSetDocuments(workspace: string, members: readonly AtRiskMember[]): AtRiskSetDocument[] {
  const docs = new Map<string, AtRiskSetDocument>();
  for (const { customerId, lastEventAt } of members) {
    const shard = atRiskShard(customerId);
    const _id = atRiskSetKey(workspace, shard);
    let doc = docs.get(_id);
    if (!doc) docs.set(_id, (doc = { _id, workspace, shard, m: {} }));
    const [, group, tag] = memberPath(customerId).split('.');
    (doc.m[group] ??= {})[tag] = storedMember(customerId, lastEventAt);
  }
  return [...docs.values()];
}

/**
 * Puts every customer whose read model says at risk in their workspace's set: for read models projected before
 * the set existed (a customer at risk then, with no event since, would not be listed). One scan of `customers`
 * (seconds on FerretDB at 100,000), then a write per member; running it again changes nothing. Run once after
 * upgrading (`npm run backfill:at-risk`); the workers may run.
 */
export async function backfillAtRiskSet(models: Pick<Models, 'customers' | 'atRiskSets'>): Promise<number> {
  let members = 0;
  const cursor = models.customers
    .find({ atRisk: true }, { workspace: 1, customerId: 1, lastEventAt: 1 })
    .lean()
    .cursor();
  const pending: Promise<void>[] = [];
  for await (const doc of cursor) {
    pending.push(
      writeAtRiskMembership(models, doc.workspace, doc.customerId, {
        lastEventAt: doc.lastEventAt ? new Date(doc.lastEventAt).getTime() : 0,
      }),
    );
    members++;
    if (pending.length >= 4) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return members;
}
