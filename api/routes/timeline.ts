import { Router } from 'express';
import type { InferSchemaType } from 'mongoose';
import { decodeFreeForm } from '../../storage/freeForm';
import type { Models } from '../../storage/models';
import type { eventSchema } from '../../storage/models/event';
import { callerOf } from '../auth';
import { validCustomerId } from '../customerIdParam';
import { limitParam } from '../limitParam';

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
      models.events
        .find({ workspace, customerId })
        .sort({ occurredAt: -1 })
        .limit(limit)
        .lean()
        .then((receipts) => withSentiment(models, receipts)),
      models.decisions.find({ workspace, customerId }).sort({ decidedAt: -1 }).limit(limit).lean(),
      models.journeySteps.find({ workspace, customerId }).sort({ at: -1, seq: -1 }).limit(limit).lean(),
      models.outbox
        .find({ workspace, customerId, status: { $in: ['delivered', 'failed'] } })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean(),
    ]);
    const entries: TimelineEntry[] = [
      ...events.map(({ receipt: e, sentiment }): TimelineEntry => ({
        kind: 'event',
        at: e.occurredAt.toISOString(),
        eventId: e.eventId,
        type: e.type,
        channel: e.channel,
        ...(e.text !== undefined && e.text !== null ? { text: e.text } : {}),
        ...(sentiment ? { sentiment } : {}),
        properties: decodeFreeForm(e.properties) ?? {},
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

/**
 * Each receipt (text, properties) with the sentiment the workflow scored, from its processed_events document:
 * one read by `_id` each, the one filter FerretDB serves without a scan (storage/documentKeys.ts). Receipts
 * written before that collection existed carry the sentiment themselves.
 */
async function withSentiment(models: Models, receipts: Receipt[]) {
  const processed = await Promise.all(
    receipts.map((r) => models.processedEvents.findById(r._id, { score: 1, label: 1 }).lean()),
  );
  return receipts.map((receipt, i) => {
    const score = processed[i]?.score ?? receipt.score;
    const label = processed[i]?.label ?? receipt.label;
    return {
      receipt,
      sentiment: typeof score === 'number' && label ? { score, label } : undefined,
    };
  });
}

function journeyOrder(a: TimelineEntry, b: TimelineEntry): number {
  return a.kind === 'journey' && b.kind === 'journey' && a.journeyId === b.journeyId ? a.seq - b.seq : 0;
}
