import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activities, CustomerProjection } from '../../activities';
import { createProjectCustomer } from '../../activities/projectCustomer';
import type { DecisionBatch } from '../../activities/recordDecisions';
import { createRecordDecisions } from '../../activities/recordDecisions';
import { customerWorkflowId } from '../../workflows/customer/messages';
import type { Models } from '../../storage/models';
import { customerStateQuery } from '../../workflows/customer/messages';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// The customer workflow decides from its own state: the read model in MongoDB is a mirror that may trail.
// Here the worker's read-model writes are made to hang (MongoDB that takes no writes) or to fail for good (a
// document MongoDB can never hold), while the API, Temporal and everything else stay real.

/** Read-model writes are held until the test lets them through; customers named `poison-*` can never project. */
let writesOpen!: () => void;
const writesGate = new Promise<void>((resolve) => (writesOpen = resolve));
let models: Models | undefined;
const projectionCalls: string[] = [];

const overrides: Partial<Activities> = {
  async projectCustomer(projection: CustomerProjection) {
    projectionCalls.push(projection.customerId);
    if (projection.customerId.startsWith('poison-')) {
      throw ApplicationFailure.nonRetryable('this document can never be stored', 'ReadModelWriteRejected');
    }
    await writesGate;
    return createProjectCustomer(models!)(projection);
  },
  async recordDecisions(batch: DecisionBatch) {
    await writesGate;
    return createRecordDecisions(models!)(batch);
  },
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ activityOverrides: overrides });
  models = h.storage.models;
});
afterAll(async () => {
  writesOpen();
  await h?.close();
});

const message = (customerId: string, n: number, text: string) => ({
  id: `${customerId}-${n}`,
  customerId,
  type: 'message',
  channel: 'chat',
  text,
});

describe('decisions do not wait on the read model', () => {
  it('decides a promotion after a burst and a complaint at once, while no read-model write has landed', async () => {
    const customerId = `busy-${uid()}`;
    const burst = Array.from({ length: 150 }, (_, n) => message(customerId, n, 'Just looking around'));
    const sent = await h.request('POST', '/v1/events', {
      events: [...burst, message(customerId, 999, 'My order never arrived and nobody answers. Terrible.')],
    });
    expect(sent.status).toBe(202);

    const started = Date.now();
    const answer = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `${customerId}-promo`,
      channel: 'email',
      category: 'promotion',
      content: { subject: 'A sale', body: 'Everything must go' },
    });
    const elapsed = Date.now() - started;
    // The complaint came before the request, so the request sees the open case — without waiting for MongoDB
    // (before the read model moved beside the loop, the second round of events waited for the first
    // round's projection, and the request was decided after its 10 s bound without the complaint).
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ decision: 'suppressed', reason: 'open_case' });
    expect(elapsed).toBeLessThan(5_000);

    // The workflow holds every event; the read model has none of it yet.
    const state = await h.client.workflow
      .getHandle(customerWorkflowId('default', customerId))
      .query(customerStateQuery);
    expect(state.openCases).toHaveLength(1);
    expect(state.counts.message).toBe(151);
    expect((await h.request('GET', `/v1/customers/${customerId}`)).status).toBe(404);

    // MongoDB takes writes again: the mirror catches up with the latest state and the decision.
    writesOpen();
    const customer = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}`);
      return res.status === 200 && res.body.counts?.message === 151 ? res.body : undefined;
    });
    expect(customer.openCases).toHaveLength(1);
    // The promotion's decision (beside service recovery's apology, which the complaint started).
    const promo = await eventually(async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/ledger`);
      return res.body?.contacts?.find((c: any) => c.requestId === `${customerId}-promo`);
    });
    expect(promo).toMatchObject({ decision: 'suppressed', reason: 'open_case' });
    // Coalesced: far fewer projections than rounds of events (one in flight; the rest joined the next).
    expect(projectionCalls.filter((c) => c === customerId).length).toBeLessThanOrEqual(3);
  });
});

describe('a read-model write that can never succeed', () => {
  it('is dropped, counted and shown to ops, and the customer goes on: later events and decisions', async () => {
    const customerId = `poison-${uid()}`;
    expect(
      (await h.request('POST', '/v1/events', message(customerId, 1, 'Where is my parcel? Still late.')))
        .status,
    ).toBe(202);
    const handle = h.client.workflow.getHandle(customerWorkflowId('default', customerId));
    const failed = await eventually(async () => {
      const state = await handle.query(customerStateQuery);
      return state.readModel && state.readModel.projectionFailures.count >= 1 ? state : undefined;
    });
    expect(failed.readModel?.projectionFailures.last?.error).toContain('can never be stored');

    // Not a poison pill: the next events are applied and the next request is decided.
    expect((await h.request('POST', '/v1/events', message(customerId, 2, 'Thanks, it came!'))).status).toBe(
      202,
    );
    await eventually(async () => {
      const state = await handle.query(customerStateQuery);
      return state.counts.message === 2 && state.readModel!.projectionFailures.count >= 2 ? state : undefined;
    });
    const answer = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `${customerId}-receipt`,
      channel: 'email',
      category: 'transactional',
      content: { subject: 'Your receipt', body: 'Order #1' },
    });
    expect(answer.body).toMatchObject({ decision: 'sent', reason: 'ok' });
  });
});
