import type { EngagementRecord } from '../domain/events/engagement';
import type { Models } from '../storage/models';
import { withBusyRetry } from '../storage/withBusyRetry';
import { writeEach } from '../storage/writeEach';
import { storeWrite } from '../storage/writeFailure';

/** The ledger row's field for the first time of each action; machine opens and clicks apart. */
export function engagementField(record: Pick<EngagementRecord, 'action' | 'machine'>): string {
  if (record.machine && record.action === 'opened') return 'machineOpenedAt';
  if (record.machine && record.action === 'clicked') return 'machineClickedAt';
  return `${record.action}At`;
}

/**
 * The first time of each engagement onto its message's ledger row (`contacts`, `_id` = messageId): one
 * single-statement `$min` update by `_id` per message (storage/README.md, the write rule), so a retry, a
 * duplicate or an open that arrives before its delivered all land on the earliest time. `bounce` takes
 * `$min` too: "hard" sorts before "soft", so a hard bounce is never overwritten by a soft one.
 *
 * A message the customer's workflow knew is its own. Any other messageId is a client's word: its row is read
 * first (by `_id`) and written only if it is this customer's, so an engagement can never touch another
 * customer's or workspace's ledger; one naming no row is kept in the timeline only.
 */
export async function recordEngagement(
  models: Models,
  batch: { workspace: string; customerId: string; engagements?: EngagementRecord[] },
): Promise<void> {
  const { workspace, customerId } = batch;
  const byMessage = new Map<string, { known: boolean; first: Record<string, Date | string> }>();
  for (const record of batch.engagements ?? []) {
    const entry = byMessage.get(record.messageId) ?? { known: false, first: {} };
    entry.known ||= record.known;
    const field = engagementField(record);
    const at = new Date(record.at);
    const earlier = entry.first[field];
    if (!(earlier instanceof Date) || at < earlier) entry.first[field] = at;
    if (record.bounce !== undefined && entry.first.bounce !== 'hard') entry.first.bounce = record.bounce;
    byMessage.set(record.messageId, entry);
  }
  await storeWrite(`Engagement on the ledger of customer ${customerId}`, () =>
    writeEach([...byMessage], ([messageId, { known, first }]) =>
      withBusyRetry(async () => {
        if (!known) {
          const row = await models.contacts.findById(messageId, { workspace: 1, customerId: 1 }).lean();
          if (row?.workspace !== workspace || row.customerId !== customerId) return;
        }
        await models.contacts.updateOne({ _id: messageId }, { $min: first });
      }),
    ),
  );
}
