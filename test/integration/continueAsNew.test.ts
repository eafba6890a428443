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
