import type { DecisionRecord } from '../domain/customer/contactLedger';
import type { Models } from '../storage/models';
import { inBatches } from '../storage/inBatches';
import { withDuplicateRetry } from '../storage/withDuplicateRetry';

export interface DecisionBatch {
  workspace: string;
  customerId: string;
  records: DecisionRecord[];
}

/**
 * Mirrors contact decisions to MongoDB: the contact's latest state (by messageId) and every decision (by a
 * key derived from the decision, so a retry writes the same documents). Idempotent.
 */
export function createRecordDecisions(models: Models) {
  return async function recordDecisions({ workspace, customerId, records }: DecisionBatch): Promise<void> {
    if (records.length === 0) return;
    await inBatches(records, (batch) =>
      withDuplicateRetry(() =>
        models.decisions.bulkWrite(
          batch.map((r) => ({
            updateOne: {
              filter: { _id: `${r.messageId}:${r.decidedAt}:${r.trigger}` },
              update: {
                $setOnInsert: {
                  workspace,
                  customerId,
                  messageId: r.messageId,
                  requestId: r.requestId,
                  decision: r.decision,
                  reason: r.reason,
                  trigger: r.trigger,
                  channel: r.channel,
                  category: r.category,
                  campaign: r.campaign,
                  priority: r.priority,
                  decidedAt: new Date(r.decidedAt),
                  scheduledFor: r.scheduledFor ? new Date(r.scheduledFor) : undefined,
                  policyVersion: r.policyVersion,
                  inputs: r.inputs,
                },
              },
              upsert: true,
            },
          })),
          { ordered: true },
        ),
      ),
    );
    // Records arrive in decision order, so the last write per message is its latest state.
    await inBatches(records, (batch) =>
      withDuplicateRetry(() =>
        models.contacts.bulkWrite(
          batch.map((r) => ({
            updateOne: {
              filter: { _id: r.messageId },
              update: {
                $set: {
                  workspace,
                  customerId,
                  requestId: r.requestId,
                  decision: r.decision,
                  reason: r.reason,
                  channel: r.channel,
                  category: r.category,
                  campaign: r.campaign,
                  priority: r.priority,
                  decidedAt: new Date(r.decidedAt),
                  sentAt: r.sentAt ? new Date(r.sentAt) : undefined,
                  scheduledFor: r.scheduledFor ? new Date(r.scheduledFor) : undefined,
                  policyVersion: r.policyVersion,
                },
              },
              upsert: true,
            },
          })),
          { ordered: true },
        ),
      ),
    );
  };
}
