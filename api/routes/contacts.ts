import type { Client } from '@temporalio/client';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { Router } from 'express';
import type { ChannelChoiceInputs, ContactRequest, SendTimeInputs } from '../../domain/contact';
import { MESSAGES_READ, readCustomerDocuments, readCustomerList } from '../../storage/customerLists';
import type { Models } from '../../storage/models';
import type { customerWorkflow } from '../../workflows/customer/customerWorkflow';
import {
  CUSTOMER_WORKFLOW_TYPE,
  customerWorkflowId,
  requestContactUpdate,
} from '../../workflows/customer/messages';
import { callerOf } from '../auth';
import { farFutureProblems, incomingContactRequestSchema } from '../contacts/contactRequestSchema';
import { policyVersionToApply } from '../contacts/policyVersionToApply';
import { validCustomerId } from '../customerIdParam';
import { limitParam } from '../limitParam';
import { higherFirst, laterFirst } from '../newestFirst';
import { validationProblem } from '../problem';
import { requireJson } from '../requireJson';
import { callTemporalFor } from '../temporalCalls';
import { fieldErrors } from '../zodErrors';

export interface ContactRoutesOptions {
  client: Client;
  models: Models;
  taskQueue: string;
  continueAsNewAfterHistoryLength?: number;
  /** How long a contact request waits for its answer (TUTTI_API_TEMPORAL_TIMEOUT_MS). */
  temporalCallTimeoutMs: number;
}

const MAX_LEDGER_LIMIT = 500;

/**
 * `POST /v1/customers/{id}/contact-requests`: asks the customer's workflow — the ledger's single writer —
 * with update-with-start, so a customer Tutti has not heard of yet gets a workflow on the spot.
 * `GET /v1/customers/{id}/ledger`: the mirrored ledger, newest first.
 */
export function contactsRouter(options: ContactRoutesOptions): Router {
  const router = Router();

  router.post('/v1/customers/:customerId/contact-requests', requireJson, async (req, res) => {
    const customerId = validCustomerId(String(req.params.customerId));
    const parsed = incomingContactRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      throw validationProblem('The contact request is not valid.', fieldErrors(parsed.error));
    }
    const tooFar = farFutureProblems(parsed.data, new Date());
    if (tooFar.length > 0) throw validationProblem('The contact request is not valid.', tooFar);
    // A request that has already expired is still a request: the workflow records it and answers
    // suppressed/expired (docs/DESIGN.md), as it would for one that expires while it waits.
    const body = parsed.data;
    const request: ContactRequest = {
      id: body.id,
      channel: body.channel,
      ...(body.sendAt !== undefined ? { sendAt: body.sendAt } : {}),
      ...(body.candidates !== undefined ? { candidates: body.candidates } : {}),
      category: body.category,
      priority: body.priority,
      ...(body.campaign !== undefined ? { campaign: body.campaign } : {}),
      ...(body.content !== undefined ? { content: body.content } : {}),
      ...(body.notBefore !== undefined ? { notBefore: Date.parse(body.notBefore) } : {}),
      ...(body.expiresAt !== undefined ? { expiresAt: Date.parse(body.expiresAt) } : {}),
    };
    const workspace = callerOf(res).workspace;
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof customerWorkflow>(
      CUSTOMER_WORKFLOW_TYPE,
      {
        workflowId: customerWorkflowId(workspace, customerId),
        taskQueue: options.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [
          {
            workspace,
            customerId,
            ...(options.continueAsNewAfterHistoryLength
              ? { continueAsNewAfterHistoryLength: options.continueAsNewAfterHistoryLength }
              : {}),
          },
        ],
      },
    );
    // The version in force now: a policy published a moment ago applies to this request, whatever the
    // workflow and its worker have cached — unless MongoDB cannot say in time (policyVersionToApply.ts).
    const policyVersion = await policyVersionToApply(options.models, workspace);
    try {
      const answer = await callTemporalFor(options.client, res, options.temporalCallTimeoutMs, () =>
        options.client.workflow.executeUpdateWithStart(requestContactUpdate, {
          args: [request, policyVersion === undefined ? {} : { policyVersion }],
          startWorkflowOperation,
        }),
      );
      res.json(answer);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw validationProblem(
          `The customer's workflow refused the request: ${error.cause?.message ?? error.message}`,
          [],
        );
      }
      throw error;
    }
  });

  router.get('/v1/customers/:customerId/ledger', async (req, res) => {
    const customerId = validCustomerId(String(req.params.customerId));
    const limit = limitParam(req.query.limit, 50, MAX_LEDGER_LIMIT);
    const contacts = await newestLedgerEntries(options.models, callerOf(res).workspace, customerId, limit);
    res.json({
      contacts: contacts.map((c) => ({
        messageId: c._id,
        requestId: c.requestId,
        decision: c.decision,
        reason: c.reason,
        channel: c.channel,
        category: c.category,
        campaign: c.campaign,
        priority: c.priority,
        decidedAt: c.decidedAt.toISOString(),
        ...(c.sentAt ? { sentAt: c.sentAt.toISOString() } : {}),
        ...(c.scheduledFor ? { scheduledFor: c.scheduledFor.toISOString() } : {}),
        policyVersion: c.policyVersion,
        ...(c.channelChoice ? { channelChoice: c.channelChoice as ChannelChoiceInputs } : {}),
        ...(c.sendTime ? { sendTime: sendTimeOf(c.sendTime as SendTimeInputs) } : {}),
        ...engagementOf(c),
      })),
    });
  });

  return router;
}

/** The hour "optimal" chose, with its instant as an ISO time like the row's other times. */
function sendTimeOf(inputs: SendTimeInputs): Record<string, unknown> {
  const { at, ...rest } = inputs;
  return { ...(at !== undefined ? { at: new Date(at).toISOString() } : {}), ...rest };
}

const ENGAGEMENT_FIELDS = [
  'deliveredAt',
  'openedAt',
  'clickedAt',
  'bouncedAt',
  'complainedAt',
  'unsubscribedAt',
  'machineOpenedAt',
  'machineClickedAt',
] as const;

/** What the message did, as engagement events told (activities/recordEngagement.ts): the first time of each. */
function engagementOf(
  row: Partial<Record<(typeof ENGAGEMENT_FIELDS)[number], Date | null>> & { bounce?: string | null },
): Record<string, string> {
  const times = ENGAGEMENT_FIELDS.flatMap((field): [string, string][] => {
    const at = row[field];
    return at ? [[field, at.toISOString()]] : [];
  });
  return { ...Object.fromEntries(times), ...(row.bounce ? { bounce: row.bounce } : {}) };
}

/**
 * The customer's ledger entries, newest first: each message of their list (storage/customerLists.ts) read by
 * `_id`. A customer without a list — documents written before lists existed — is read with the query that
 * served them before, a scan of the collection on FerretDB.
 */
function newestLedgerEntries(models: Models, workspace: string, customerId: string, limit: number) {
  // A message decided again (sent at its scheduled time, withdrawn) moves up: the list's order is when each
  // message was first listed, so every listed entry is read and sorted.
  return readCustomerDocuments({
    listed: readCustomerList(models, 'messages', workspace, customerId, MESSAGES_READ),
    scan: () =>
      models.contacts
        .find({ workspace, customerId })
        // Messages decided in the same millisecond (a displacement) come back in one fixed order.
        .sort({ decidedAt: -1, _id: -1 })
        .limit(limit)
        .lean()
        .exec(),
    byId: (id) => models.contacts.findById(id).lean().exec(),
    newestFirst: (a, b) => laterFirst(a.decidedAt, b.decidedAt) || higherFirst(a._id, b._id),
    limit,
  });
}
