import { Router } from 'express';
import { MESSAGES_READ, readCustomerDocuments, readCustomerList } from '../../storage/customerLists';
import { decodeFreeForm } from '../../storage/freeForm';
import type { Models } from '../../storage/models';
import { callerOf } from '../auth';
import { validCustomerId } from '../customerIdParam';
import { limitParam } from '../limitParam';
import { higherFirst, laterFirst } from '../newestFirst';

export const DEFAULT_OUTBOX_LIMIT = 50;
export const MAX_OUTBOX_LIMIT = 500;

/**
 * `GET /v1/customers/{id}/outbox?limit=`: the customer's delivery log, newest first — what was handed to
 * which adapter, when, after how many attempts. With no adapter configured this is where messages "arrive".
 *
 * Read through the customer's list of messages (storage/customerLists.ts), each by `_id`: a filter on the
 * customer would make FerretDB read the whole collection.
 */
export function outboxRouter(models: Pick<Models, 'outbox' | 'customerLists' | 'customers'>): Router {
  const router = Router();
  router.get('/v1/customers/:customerId/outbox', async (req, res) => {
    const customerId = validCustomerId(String(req.params.customerId));
    const limit = limitParam(req.query.limit, DEFAULT_OUTBOX_LIMIT, MAX_OUTBOX_LIMIT);
    const docs = await newestOutboxMessages(models, callerOf(res).workspace, customerId, limit);
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

/**
 * The customer's outbox documents, newest first. A customer without a list of messages — documents written
 * before lists existed — is read with the query that served them before (MongoDB serves it from the
 * { workspace, customerId, createdAt } index; FerretDB scans).
 */
function newestOutboxMessages(
  models: Pick<Models, 'outbox' | 'customerLists' | 'customers'>,
  workspace: string,
  customerId: string,
  limit: number,
) {
  // Every listed message: one scheduled early is handed to delivery late, so the list's order is not this one.
  return readCustomerDocuments({
    listed: readCustomerList(models, 'messages', workspace, customerId, MESSAGES_READ),
    scan: () =>
      models.outbox
        .find({ workspace, customerId })
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit)
        .lean()
        .exec(),
    byId: (id) => models.outbox.findById(id).lean().exec(),
    newestFirst: (a, b) => laterFirst(a.createdAt, b.createdAt) || higherFirst(a._id, b._id),
    limit,
  });
}
