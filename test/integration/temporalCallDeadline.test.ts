// The API never waits on Temporal longer than its deadline, and stops waiting when the client goes away: with
// no worker to decide, a contact request is answered 503 with Retry-After after the deadline, the request is
// still decided once a worker is back, and the same request sent again gets that one decision. A client that
// gives up early frees the API at once instead of leaving its Update polling for the full deadline.
import { WithStartWorkflowOperation, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTemporalFor } from '../../api/temporalCalls';
import type { ContactRequest } from '../../domain/contact';
import type { customerWorkflow } from '../../workflows/customer/customerWorkflow';
import { CUSTOMER_WORKFLOW_TYPE, requestContactUpdate } from '../../workflows/customer/messages';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

const DEADLINE_MS = 2_000;

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ temporalCallTimeoutMs: DEADLINE_MS });
});
afterAll(async () => {
  await h?.close();
});

function transactional(customerId: string) {
  return {
    id: `${customerId}-receipt`,
    channel: 'email',
    category: 'transactional',
    priority: 100,
    content: { subject: 'Your receipt', body: 'Thanks for your order' },
  };
}

describe('calls to Temporal from the API', () => {
  it('answer 503 with Retry-After at the deadline when nothing decides, and the request is decided once later', async () => {
    const customerId = `c-${uid()}`;
    const request = transactional(customerId);
    await h.stopWorker();
    try {
      const started = Date.now();
      const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, request);
      const took = Date.now() - started;
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ status: 503, type: 'urn:tutti:problem:unavailable' });
      expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
      expect(took).toBeLessThan(DEADLINE_MS + 3_000);
    } finally {
      await h.startWorker();
    }

    const again = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, request);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ requestId: request.id, decision: 'sent' });
    const ledger = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/ledger`);
      const contacts = res.body.contacts as { requestId: string; messageId: string }[];
      return contacts.length > 0 ? contacts : undefined;
    });
    expect(ledger.filter((c) => c.requestId === request.id)).toEqual([
      expect.objectContaining({ messageId: again.body.messageId }),
    ]);
  });

  it('stop waiting when the client goes away', async () => {
    // The route's own handler, on a real HTTP server, calling the real Temporal: what it does once the
    // client has hung up is what the API does.
    const outcomes: { after: number; error: unknown }[] = [];
    const app = express();
    app.post('/ask/:customerId', async (req, res) => {
      const started = Date.now();
      try {
        await callTemporalFor(h.client, res, 20_000, () =>
          h.client.workflow.executeUpdateWithStart(requestContactUpdate, {
            args: [transactionalRequest(String(req.params.customerId)), {}],
            startWorkflowOperation: new WithStartWorkflowOperation<typeof customerWorkflow>(
              CUSTOMER_WORKFLOW_TYPE,
              {
                workflowId: `test-${uid()}`,
                taskQueue: h.taskQueue,
                workflowIdConflictPolicy: 'USE_EXISTING',
                args: [{ workspace: 'ws', customerId: String(req.params.customerId) }],
              },
            ),
          }),
        );
        outcomes.push({ after: Date.now() - started, error: undefined });
      } catch (error) {
        outcomes.push({ after: Date.now() - started, error });
      }
      if (!res.writableEnded) res.end();
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    await h.stopWorker();
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ask/c-${uid()}`;
      const gaveUp = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(500) }).catch(
        (error: unknown) => error,
      );
      expect(gaveUp).toBeInstanceOf(Error);
      const [outcome] = await eventually(
        () => Promise.resolve(outcomes.length > 0 ? outcomes : undefined),
        10_000,
      );
      expect(outcome.after).toBeLessThan(5_000);
      expect(outcome.error).toBeInstanceOf(WorkflowUpdateRPCTimeoutOrCancelledError);
    } finally {
      await h.startWorker();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

function transactionalRequest(customerId: string): ContactRequest {
  return { ...transactional(customerId), channel: 'email', category: 'transactional' };
}
