import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerWorkflowId } from '../../workflows/customer/messages';
import { customerStateQuery } from '../../workflows/customer/messages';
import type { Harness } from '../support/harness';
import { createHarness, eventually } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  // Tiny history limit: the workflow continues-as-new after a handful of rounds.
  h = await createHarness({ continueAsNewAfterHistoryLength: 20 });
});
afterAll(async () => {
  await h?.close();
});

it('continues-as-new and keeps the state and the dedupe set across runs', async () => {
  const customerId = `can-${Date.now()}`;
  const handle = h.client.workflow.getHandle(customerWorkflowId('default', customerId));
  const sent: { id: string }[] = [];
  await h.request('POST', '/v1/events', {
    id: `${customerId}-traits`,
    customerId,
    type: 'identify',
    channel: 'web',
    properties: { traits: { tier: 'platinum' } },
  });
  await h.request('POST', '/v1/events', {
    id: `${customerId}-angry`,
    customerId,
    type: 'message',
    channel: 'chat',
    text: 'Still waiting for my refund, this is awful.',
  });
  for (let i = 0; i < 12; i++) {
    const event = { id: `${customerId}-${i}`, customerId, type: 'browse', channel: 'web' };
    sent.push(event);
    expect((await h.request('POST', '/v1/events', event)).status).toBe(202);
  }
  const firstRunId = (await h.client.workflow.getHandle(customerWorkflowId('default', customerId)).describe())
    .runId;
  await eventually(
    async () => {
      const state = await handle.query(customerStateQuery);
      return state.counts.events === 14 ? state : undefined;
    },
    30_000,
    'all 14 events applied',
  );

  // More than one run happened: history was handed over. (Visibility lists closed runs a moment later.)
  await eventually(
    async () => {
      const runs: string[] = [];
      for await (const wf of h.client.workflow.list({
        query: `WorkflowId = '${customerWorkflowId('default', customerId)}'`,
      }))
        runs.push(wf.runId);
      return runs.length > 1 ? runs : undefined;
    },
    10_000,
    'a second run',
  );
  expect((await handle.describe()).runId).not.toBe(firstRunId);

  // Re-signal the earliest ids straight to the new run: the carried dedupe set ignores them.
  await handle.signal(
    'ingestEvents',
    sent.slice(0, 5).map((e) => ({
      ...e,
      customerId,
      type: 'browse',
      channel: 'web',
      occurredAt: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      properties: {},
    })),
  );
  const state = await handle.query(customerStateQuery);
  expect(state.counts.events).toBe(14);
  expect(state.traits.tier).toBe('platinum');
  expect(state.openCases).toHaveLength(1);
  expect(state.sentiment.label).toBe('negative');
});

it('keeps the ledger across continue-as-new: same answers, known messages, sends that count', async () => {
  const customerId = `can-ledger-${Date.now()}`;
  const workflowId = customerWorkflowId('default', customerId);
  const ask = (id: string) =>
    h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id,
      channel: 'email',
      category: 'service',
    });
  await h.request('POST', '/v1/events', {
    id: `${customerId}-identify`,
    customerId,
    type: 'identify',
    channel: 'web',
    properties: { traits: { email: 'can@example.test' } },
  });
  // The default policy's safety cap: 6 service messages in 24 hours (service is never held for quiet hours).
  const answers = [];
  for (let i = 1; i <= 6; i++) {
    const res = await ask(`service-${i}`);
    expect(res.body).toMatchObject({ decision: 'sent', reason: 'ok' });
    answers.push(res.body as { messageId: string });
  }
  const runBefore = (await h.client.workflow.getHandle(workflowId).describe()).runId;
  for (let i = 0; i < 12; i++) {
    const event = { id: `${customerId}-${i}`, customerId, type: 'browse', channel: 'web' };
    expect((await h.request('POST', '/v1/events', event)).status).toBe(202);
  }
  const handle = h.client.workflow.getHandle(workflowId);
  const runAfter = await eventually(
    async () => {
      const { runId } = await handle.describe();
      return runId !== runBefore ? runId : undefined;
    },
    30_000,
    'a run after the requests',
  );
  // It started from the compact form: each send once, the answers with their times.
  const started = (await h.client.workflow.getHandle(workflowId, runAfter).fetchHistory()).events?.[0];
  const input = JSON.parse(
    Buffer.from(
      started?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data ?? [],
    ).toString(),
  ) as { carried: { ledger: { sends: unknown[]; answers: { id: string; at: number }[] } } };
  expect(input.carried.ledger.sends).toHaveLength(6);
  expect(input.carried.ledger.answers.map((a) => a.id)).toEqual(
    [1, 2, 3, 4, 5, 6].map((i) => `service-${i}`),
  );

  // The same request id gets the same answer, and nothing is sent again.
  expect((await ask('service-1')).body).toEqual(answers[0]);
  // The cap still counts the six sends of the earlier run.
  expect((await ask('service-7')).body).toMatchObject({
    decision: 'suppressed',
    reason: 'frequency_cap:service-safety-24h',
  });
  // An open of a message sent in the earlier run is still known as this customer's.
  const opened = await h.request('POST', '/v1/events', {
    id: `${customerId}-open`,
    customerId,
    type: 'engagement',
    channel: 'email',
    properties: { messageId: answers[0].messageId, action: 'opened' },
  });
  expect(opened.status).toBe(202);
  const entry = await eventually(
    async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/timeline`);
      return res.body.entries.find((e: { eventId: string }) => e.eventId === `${customerId}-open`);
    },
    30_000,
    'the open in the timeline',
  );
  expect(entry.engagement).toMatchObject({ known: true, counted: true });
});
