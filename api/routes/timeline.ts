import { Router } from 'express';
import type { InferSchemaType } from 'mongoose';
import type { TopicScore } from '../../domain/topics/topicScore';
import type { Conversion } from '../../domain/reports/conversion';
import type { EngagementRecord } from '../../domain/events/engagement';
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import {
  LIST_READ_LANES,
  MESSAGES_READ,
  readCustomerDocuments,
  readCustomerList,
} from '../../storage/customerLists';
import { decodeFreeForm } from '../../storage/freeForm';
import type { Models } from '../../storage/models';
import type { eventSchema } from '../../storage/models/event';
import { callerOf } from '../auth';
import { validCustomerId } from '../customerIdParam';
import { limitParam } from '../limitParam';
import { laterFirst } from '../newestFirst';

const MAX_TIMELINE = 1000;

export type TimelineEntry =
  | {
      kind: 'event';
      at: string;
      eventId: string;
      type: string;
      channel: string;
      text?: string;
      sentiment?: { score: number; label: string };
      properties: unknown;
      /** Engagement: whether its message was known and the event counted, and whether a machine did it. */
      engagement?: { known: boolean; counted: boolean; machine: boolean };
      /** A goal event: the cohorts it converted, each with the last send before it. */
      conversions?: Conversion[];
      /** A spoken event: the topics it mentions, each with the sentiment of the clause that mentions it. */
      topics?: TopicScore[];
    }
  | {
      kind: 'decision';
      at: string;
      messageId: string;
      requestId: string;
      decision: string;
      reason: string;
      trigger: string;
      channel: string;
      category: string;
      campaign?: string;
      priority: number;
      scheduledFor?: string;
      policyVersion: number;
      inputs: unknown;
    }
  | {
      kind: 'delivery';
      at: string;
      messageId: string;
      status: 'delivered' | 'failed';
      adapter: string;
      attempts: number;
      lastError?: string;
    }
  | {
      kind: 'journey';
      at: string;
      journeyId: string;
      journey: string;
      /** Position within the journey: orders steps recorded in the same millisecond. */
      seq: number;
      step: string;
      detail: unknown;
    };

/**
 * `GET /v1/customers/{id}/timeline?limit=`: what the customer said and did (with sentiment) and every
 * decision about contacting them, how each delivery went (delivered, or failed with the last error), and every
 * journey step, in time order — the story ops read when a customer
 * complains.
 */
export function timelineRouter(models: Models): Router {
  const router = Router();
  router.get('/v1/customers/:customerId/timeline', async (req, res) => {
    const customerId = validCustomerId(String(req.params.customerId));
    const limit = limitParam(req.query.limit, 200, MAX_TIMELINE);
    const workspace = callerOf(res).workspace;
    const [events, decisions, steps, deliveries] = await Promise.all([
      newestEvents(models, workspace, customerId, limit).then((receipts) => withSentiment(models, receipts)),
      newestDecisions(models, workspace, customerId, limit),
      newestJourneySteps(models, workspace, customerId, limit),
      newestDeliveries(models, workspace, customerId, limit),
    ]);
    const entries: TimelineEntry[] = [
      ...events.map(({ receipt: e, sentiment, engagement, conversions, topics }): TimelineEntry => ({
        kind: 'event',
        at: e.occurredAt.toISOString(),
        eventId: e.eventId,
        type: e.type,
        channel: e.channel,
        ...(e.text !== undefined && e.text !== null ? { text: e.text } : {}),
        ...(sentiment ? { sentiment } : {}),
        properties: decodeFreeForm(e.properties) ?? {},
        ...(engagement ? { engagement } : {}),
        ...(conversions ? { conversions } : {}),
        ...(topics ? { topics } : {}),
      })),
      ...decisions.map((d): TimelineEntry => ({
        kind: 'decision',
        at: d.decidedAt.toISOString(),
        messageId: d.messageId,
        requestId: d.requestId,
        decision: d.decision,
        reason: d.reason,
        trigger: d.trigger,
        channel: d.channel,
        category: d.category,
        ...(d.campaign ? { campaign: d.campaign } : {}),
        priority: d.priority,
        ...(d.scheduledFor ? { scheduledFor: d.scheduledFor.toISOString() } : {}),
        policyVersion: d.policyVersion,
        inputs: decodeFreeForm(d.inputs),
      })),
      ...deliveries.map((d): TimelineEntry => ({
        kind: 'delivery',
        at: (d.deliveredAt ?? d.updatedAt).toISOString(),
        messageId: d._id,
        status: d.status as 'delivered' | 'failed',
        adapter: d.adapter,
        attempts: d.attempts,
        ...(d.status === 'failed' && d.lastError ? { lastError: d.lastError } : {}),
      })),
      ...steps.map((j): TimelineEntry => ({
        kind: 'journey',
        at: j.at.toISOString(),
        journeyId: j.journeyId,
        journey: j.journey,
        seq: j.seq,
        step: j.step,
        detail: decodeFreeForm(j.detail),
      })),
    ];
    // Oldest first, the newest `limit` entries.
    entries.sort((a, b) => a.at.localeCompare(b.at) || journeyOrder(a, b));
    res.json({ customerId, entries: entries.slice(-limit) });
  });
  return router;
}

type Receipt = InferSchemaType<typeof eventSchema> & { _id: string };

// Each kind is read through the customer's list of it (storage/customerLists.ts), each document by `_id`, and
// sorted as the query that read it before sorted it; a customer without a list of that kind — documents
// written before lists existed — is read with that query, a scan of the collection on FerretDB.
//
// Events, decisions and journey steps are listed as they are written, which is the order they happened in
// give or take one write (a projection round, a batch of decisions, steps recorded at once): so the newest
// `limit` listed are, near enough, the newest `limit` there are, and only those are read. Events are listed
// once processed, in the order the customer's workflow applied them; one that arrives long after it occurred
// is listed late but still shown at its occurredAt.

/** The customer's newest processed events (their receipts), latest occurredAt first. */
function newestEvents(models: Models, workspace: string, customerId: string, limit: number) {
  return readCustomerDocuments({
    listed: readCustomerList(models, 'events', workspace, customerId, limit),
    scan: () =>
      models.events.find({ workspace, customerId }).sort({ occurredAt: -1 }).limit(limit).lean().exec(),
    byId: (key) => models.events.findById(key).lean().exec(),
    newestFirst: (a, b) => laterFirst(a.occurredAt, b.occurredAt),
    limit,
  });
}

function newestDecisions(models: Models, workspace: string, customerId: string, limit: number) {
  return readCustomerDocuments({
    listed: readCustomerList(models, 'decisions', workspace, customerId, limit),
    scan: () =>
      models.decisions.find({ workspace, customerId }).sort({ decidedAt: -1 }).limit(limit).lean().exec(),
    byId: (id) => models.decisions.findById(id).lean().exec(),
    newestFirst: (a, b) => laterFirst(a.decidedAt, b.decidedAt),
    limit,
  });
}

function newestJourneySteps(models: Models, workspace: string, customerId: string, limit: number) {
  return readCustomerDocuments({
    listed: readCustomerList(models, 'journeySteps', workspace, customerId, limit),
    scan: () =>
      models.journeySteps
        .find({ workspace, customerId })
        .sort({ at: -1, seq: -1 })
        .limit(limit)
        .lean()
        .exec(),
    byId: (id) => models.journeySteps.findById(id).lean().exec(),
    newestFirst: (a, b) => laterFirst(a.at, b.at) || b.seq - a.seq,
    limit,
  });
}

/**
 * How the customer's messages were delivered, latest outcome first. Every listed message is read (up to
 * MESSAGES_READ): a message is listed when decided, and one scheduled long ago can be delivered last.
 */
function newestDeliveries(models: Models, workspace: string, customerId: string, limit: number) {
  return readCustomerDocuments({
    listed: readCustomerList(models, 'messages', workspace, customerId, MESSAGES_READ),
    scan: () =>
      models.outbox
        .find({ workspace, customerId, status: { $in: ['delivered', 'failed'] } })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean()
        .exec(),
    byId: (id) => models.outbox.findById(id).lean().exec(),
    keep: (d) => d.status === 'delivered' || d.status === 'failed',
    newestFirst: (a, b) => laterFirst(a.updatedAt, b.updatedAt),
    limit,
  });
}

/**
 * Each receipt (text, properties) with the sentiment the workflow scored, from its processed_events document:
 * one read by `_id` each, the one filter FerretDB serves without a scan (storage/documentKeys.ts). Receipts
 * written before that collection existed carry the sentiment themselves.
 */
async function withSentiment(models: Models, receipts: Receipt[]) {
  // A bounded number at once, as the lists are read: a timeline of 1,000 events must not queue 1,000 reads on
  // the driver's pool at one go.
  const results = await mapWithConcurrency(receipts, LIST_READ_LANES, (r) =>
    models.processedEvents
      .findById(r._id, { score: 1, label: 1, engagement: 1, conversions: 1, topics: 1 })
      .lean()
      .exec(),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return receipts.map((receipt, i) => {
    const found = results[i].status === 'fulfilled' ? results[i].value : undefined;
    const score = found?.score ?? receipt.score;
    const label = found?.label ?? receipt.label;
    const engagement = decodeFreeForm(found?.engagement) as EngagementRecord | undefined;
    return {
      receipt,
      sentiment: typeof score === 'number' && label ? { score, label } : undefined,
      engagement: engagement
        ? { known: engagement.known, counted: engagement.counted, machine: engagement.machine }
        : undefined,
      conversions: Array.isArray(found?.conversions) ? (found.conversions as Conversion[]) : undefined,
      topics: Array.isArray(found?.topics) ? (found.topics as TopicScore[]) : undefined,
    };
  });
}

function journeyOrder(a: TimelineEntry, b: TimelineEntry): number {
  return a.kind === 'journey' && b.kind === 'journey' && a.journeyId === b.journeyId ? a.seq - b.seq : 0;
}
