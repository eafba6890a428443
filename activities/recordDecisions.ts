import type { DecisionInputs, DecisionRecord } from '../domain/contact';
import type { EngagementRecord } from '../domain/events/engagement';
import { decisionId, feedDecisionOf } from '../domain/decisions/decisionFeed';
import { recordEngagement } from './recordEngagement';
import { appendToDecisionFeed } from '../storage/decisionFeed';
import { appendToCustomerList } from '../storage/customerLists';
import { encodeFreeForm } from '../storage/freeForm';
import type { KeyedDocument } from '../storage/insertNew';
import { insertNew } from '../storage/insertNew';
import type { Models } from '../storage/models';
import { withDuplicateRetry } from '../storage/withDuplicateRetry';
import { writeEach } from '../storage/writeEach';
import { storeWrite } from '../storage/writeFailure';

export interface DecisionBatch {
  workspace: string;
  customerId: string;
  records: DecisionRecord[];
  /** Engagement events, in order, for their messages' ledger rows (after the decisions above). */
  engagements?: EngagementRecord[];
}

/**
 * Mirrors contact decisions to MongoDB (storage/README.md, "The write rule"):
 * - every decision is appended under a key derived from it, in one insert for the batch; a retry finds them
 *   written and skips them;
 * - each message's latest state (the ledger mirror) is one single-statement upsert by messageId — only the
 *   batch's last record per message, since records arrive in decision order — a few at a time;
 * - then the customer's lists of decisions and of messages (storage/customerLists.ts) get the batch's ids, so
 *   the timeline and the ledger find them by `_id`.
 * - last, the workspace's decision feed (storage/decisionFeed.ts) gets the batch's decisions, grouped with other
 *   customers' appends in this process. After the ledger, so a feed that cannot be written never costs the
 *   ledger its write: the retry rewrites the ledger idempotently and appends again; should the first append have
 *   landed after all, the feed holds the decisions twice and its readers drop the second by decision id.
 * Idempotent. A write storage refuses for good fails as non-retryable STORE_WRITE_REFUSED.
 */
export function createRecordDecisions(models: Models) {
  const decisions = models.decisions.collection as unknown as Parameters<typeof insertNew>[0];

  return async function recordDecisions(batch: DecisionBatch): Promise<void> {
    await recordDecisionRecords(batch);
    if (batch.engagements && batch.engagements.length > 0) await recordEngagement(models, batch);
    if (batch.records.length > 0) {
      await storeWrite(`Decision feed of workspace ${batch.workspace}`, () =>
        appendToDecisionFeed(
          models,
          batch.workspace,
          batch.records.map((r) => feedDecisionOf(batch.customerId, r)),
        ),
      );
    }
  };

  async function recordDecisionRecords({ workspace, customerId, records }: DecisionBatch): Promise<void> {
    if (records.length === 0) return;
    const decisionIds = records.map(decisionId);
    await storeWrite(`Decisions of customer ${customerId}`, () =>
      insertNew(
        decisions,
        records.map((r, i): KeyedDocument => ({
          _id: decisionIds[i],
          workspace,
          customerId,
          messageId: r.messageId,
          requestId: r.requestId,
          decision: r.decision,
          reason: r.reason,
          trigger: r.trigger,
          channel: r.channel,
          category: r.category,
          ...(r.campaign !== undefined ? { campaign: r.campaign } : {}),
          priority: r.priority,
          decidedAt: new Date(r.decidedAt),
          ...(r.scheduledFor ? { scheduledFor: new Date(r.scheduledFor) } : {}),
          policyVersion: r.policyVersion,
          inputs: encodeFreeForm(r.inputs),
        })),
      ),
    );

    const latest = new Map<string, DecisionRecord>();
    for (const r of records) latest.set(r.messageId, r);
    await storeWrite(`Ledger entries of customer ${customerId}`, () =>
      writeEach([...latest.values()], (r) =>
        withDuplicateRetry(() =>
          models.contacts.updateOne(
            { _id: r.messageId },
            {
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
                // Only when chosen: a decision at send time keeps the message where it was routed, and the
                // ledger keeps why.
                ...personalizationOf(r),
              },
            },
            { upsert: true },
          ),
        ),
      ),
    );

    await storeWrite(`Lists of decisions and messages of customer ${customerId}`, async () => {
      await appendToCustomerList(models, 'decisions', workspace, customerId, decisionIds);
      await appendToCustomerList(models, 'messages', workspace, customerId, [...latest.keys()]);
    });
  }
}

/** Why a personalized request went where and when it did, from its decision's inputs; nothing otherwise. */
function personalizationOf(record: DecisionRecord): Pick<DecisionInputs, 'channelChoice' | 'sendTime'> {
  const inputs = record.inputs as Partial<DecisionInputs>;
  return {
    ...(inputs.channelChoice ? { channelChoice: inputs.channelChoice } : {}),
    ...(inputs.sendTime ? { sendTime: inputs.sendTime } : {}),
  };
}
