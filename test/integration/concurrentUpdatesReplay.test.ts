import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities } from '../../activities';
import { createCurrentPolicy } from '../../activities/policy/currentPolicy';
import { customerWorkflowId } from '../../workflows/customer/messages';
import { WORKFLOWS_PATH } from '../../workers/workflowBundle';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// Several contact requests reaching a customer at once — a new one, whose workflow has no policy yet — made
// each update handler read the policy through its own local activity. Live, those reads resolved one by one;
// on replay, together: the commands came out in another order and the customer's workflow failed for good
// with a nondeterminism error (found by the storm benchmark). Now only the main loop reads the policy and
// starts read-model writes. This drives that shape on the real server and replays every history.

// Policy reads that take different times, as under load: live, each handler's read resolves in its own
// activation.
let policyReads = 0;
let realCurrentPolicy: Activities['currentPolicy'] | undefined;
const overrides: Partial<Activities> = {
  async currentPolicy(workspace: string, atLeastVersion?: number) {
    const n = policyReads++;
    await new Promise((resolve) => setTimeout(resolve, 400 * (n % 3)));
    return realCurrentPolicy!(workspace, atLeastVersion);
  },
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ activityOverrides: overrides });
  realCurrentPolicy = createCurrentPolicy(h.storage.models);
});
afterAll(async () => {
  await h?.close();
});

const transactional = (customerId: string, n: number) => ({
  id: `${customerId}-t${n}`,
  channel: 'email',
  category: 'transactional',
  content: { subject: `Receipt ${n}`, body: 'Thank you' },
});

describe('concurrent contact requests, replayed', () => {
  it('answers each, and the histories replay with the same code', async () => {
    const customers = Array.from({ length: 4 }, () => `burst-${uid()}`);
    // With no worker polling, every request waits in the server; the worker's first task on each customer
    // then holds its start and three Updates at once.
    await h.stopWorker();
    const firsts = customers.map((customerId) =>
      Promise.all(
        [1, 2, 3].map((n) =>
          h.request('POST', `/v1/customers/${customerId}/contact-requests`, transactional(customerId, n)),
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await h.startWorker();
    for (const res of (await Promise.all(firsts)).flat()) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ decision: 'sent', reason: 'ok' });
    }
    // Three more at once with an event among them, on the running workflows.
    await Promise.all(
      customers.map(async (customerId) => {
        const [second] = await Promise.all([
          Promise.all(
            [4, 5, 6].map((n) =>
              h.request('POST', `/v1/customers/${customerId}/contact-requests`, transactional(customerId, n)),
            ),
          ),
          h.request('POST', '/v1/events', {
            id: `${customerId}-m`,
            customerId,
            type: 'message',
            channel: 'chat',
            text: 'Where is my refund?',
          }),
        ]);
        for (const res of second) expect(res.body).toMatchObject({ decision: 'sent', reason: 'ok' });
      }),
    );
    // Let the read model and deliveries finish, so the histories hold every kind of command.
    await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customers[0]}/ledger`);
      return res.body?.contacts?.length >= 6 ? true : undefined;
    });
    for (const customerId of customers) {
      const workflowId = customerWorkflowId('default', customerId);
      const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
      await expect(
        Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, workflowId),
      ).resolves.toBeUndefined();
    }
  });
});
