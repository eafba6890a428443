import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { CHANNELS } from '../../domain/contact';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import { MAX_CASE_ID_LENGTH } from '../../domain/events/eventSchema';
import { recordAudit } from '../../storage/auditStore';
import type { NumberedLogModels } from '../../storage/models/numberedLog';
import { actorOf } from '../audit';
import { callerOf } from '../auth';
import { validCustomerId } from '../customerIdParam';
import type { IngestEvents } from '../ingest/eventIngestion';
import { validationProblem } from '../problem';
import { requireJson } from '../requireJson';
import { fieldErrors } from '../zodErrors';

const consentSchema = z
  .object({
    channel: z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }),
    status: z.enum(['opted_in', 'opted_out'], { error: 'status must be opted_in or opted_out' }),
    /** Optional idempotency key; without it every call is a new consent event. */
    id: z.string().min(1).max(128).optional(),
  })
  .strict();

/**
 * Conveniences over `POST /v1/events` for the two things people do by hand: change a customer's consent and
 * resolve a case. Both become ordinary events, so they travel the one path into the customer's workflow.
 */
export function customerActionsRouter(ingestEvents: IngestEvents, models: NumberedLogModels): Router {
  const router = Router();

  router.put('/v1/customers/:customerId/consent', requireJson, async (req, res) => {
    const customerId = validCustomerId(String(req.params.customerId));
    const parsed = consentSchema.safeParse(req.body);
    if (!parsed.success)
      throw validationProblem('The consent change is not valid.', fieldErrors(parsed.error));
    const { channel, status, id } = parsed.data;
    const result = await ingestEvents(callerOf(res).workspace, [
      event(id ?? `consent-${randomUUID()}`, customerId, 'consent', { channel, status }),
    ]);
    res.status(202).json({ customerId, channel, status, ...result });
  });

  router.post('/v1/customers/:customerId/cases/:caseId/resolve', async (req, res) => {
    const customerId = validCustomerId(String(req.params.customerId));
    const caseId = String(req.params.caseId);
    // `resolve-` + the case id is the event id, which the contract keeps to 128 characters.
    if (caseId.length === 0 || caseId.length > MAX_CASE_ID_LENGTH) {
      throw validationProblem('The case id is not valid.', [
        { path: 'caseId', message: `must be 1–${MAX_CASE_ID_LENGTH} characters` },
      ]);
    }
    // Resolving the same case twice is one event: the id is derived from the case.
    const result = await ingestEvents(callerOf(res).workspace, [
      event(`resolve-${caseId}`, customerId, 'case_resolved', { caseId }),
    ]);
    // Every resolution asked for is recorded, the repeated ones too (`duplicate`): who pressed it, and when.
    await recordAudit(models, callerOf(res).workspace, {
      action: 'case.resolved',
      actor: actorOf(res),
      subject: { customerId, caseId, duplicate: result.duplicates > 0 },
    });
    res.status(202).json({ customerId, caseId, ...result });
  });

  return router;
}

function event(
  id: string,
  customerId: string,
  type: CustomerEvent['type'],
  properties: Record<string, unknown>,
): CustomerEvent {
  const now = new Date().toISOString();
  return { id, customerId, type, channel: 'ops', occurredAt: now, receivedAt: now, properties };
}
