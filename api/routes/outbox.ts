import { Router } from 'express';
import { decodeFreeForm } from '../../storage/freeForm';
import type { OutboxModel } from '../../storage/models/outbox';
import { callerOf } from '../auth';
import { validCustomerId } from '../customerIdParam';
import { limitParam } from '../limitParam';

export const DEFAULT_OUTBOX_LIMIT = 50;
export const MAX_OUTBOX_LIMIT = 500;

/**
 * `GET /v1/customers/{id}/outbox?limit=`: the customer's delivery log, newest first — what was handed to
 * which adapter, when, after how many attempts. With no adapter configured this is where messages "arrive".
 *
 * The filter is not `_id`, so FerretDB scans the collection (fine at dev scale); MongoDB serves it from the
 * { workspace, customerId, createdAt } index.
 */
export function outboxRouter(models: { outbox: OutboxModel }): Router {
  const router = Router();
  router.get('/v1/customers/:customerId/outbox', async (req, res) => {
    const customerId = validCustomerId(String(req.params.customerId));
    const limit = limitParam(req.query.limit, DEFAULT_OUTBOX_LIMIT, MAX_OUTBOX_LIMIT);
    const docs = await models.outbox
      .find({ workspace: callerOf(res).workspace, customerId })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean();
    res.json({
      messages: docs.map((d) => ({
        messageId: d._id,
        requestId: d.requestId,
        channel: d.channel,
        category: d.category,
        ...(d.campaign ? { campaign: d.campaign } : {}),
        priority: d.priority,
        content: decodeFreeForm(d.content),
        recipient: decodeFreeForm(d.recipient),
        status: d.status,
        adapter: d.adapter,
        attempts: d.attempts,
        ...(d.lastError ? { lastError: d.lastError } : {}),
        ...(d.providerMessageId ? { providerMessageId: d.providerMessageId } : {}),
        decidedAt: d.decidedAt.toISOString(),
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
      })),
    });
  });
  return router;
}
