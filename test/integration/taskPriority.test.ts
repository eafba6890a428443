// Task-queue priority as ops see it in a customer's history (docs/SCALING.md, "Priority"): a transactional
// message's delivery is scheduled with priority key 1 and a newsletter's with 4; a complaint's service
// recovery journey starts with 2, which its own tasks inherit. The order a backed-up queue serves them in is
// measured by `npm run bench:priority`.
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerWorkflowId } from '../../workflows/customer/messages';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid, zoneWhereItIs } from '../support/harness';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

async function history(workflowId: string): Promise<HistoryEvent[]> {
  return (await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

it('schedules deliveries by category and starts service recovery ahead of marketing', async () => {
  const customerId = `prio-${uid()}`;
  const identify = await h.request('POST', '/v1/events', {
    id: `${customerId}-id`,
    customerId,
    type: 'identify',
    channel: 'web',
    properties: { traits: { email: 'ada@example.com', timezone: zoneWhereItIs(13) } },
  });
  expect(identify.status).toBe(202);
  for (const [i, category] of (['transactional', 'newsletter'] as const).entries()) {
    const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `${customerId}-${i}`,
      channel: 'email',
      category,
      content: { subject: category },
    });
    expect(res.body).toMatchObject({ decision: 'sent' });
  }

  const workflowId = customerWorkflowId('default', customerId);
  const deliveries = await eventually(async () => {
    const scheduled = (await history(workflowId)).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      return a?.activityType?.name === 'deliverMessage' ? [a.priority?.priorityKey] : [];
    });
    return scheduled.length === 2 ? scheduled : undefined;
  });
  expect(deliveries.sort()).toEqual([1, 4]);

  await h.request('POST', '/v1/events', {
    id: `${customerId}-complaint`,
    customerId,
    type: 'message',
    channel: 'chat',
    text: 'My bag was lost, nobody calls back and the agent was rude. Terrible service.',
  });
  const child = await eventually(async () =>
    (await history(workflowId)).find(
      (e) =>
        e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name ===
        'serviceRecoveryJourney',
    ),
  );
  const journeyId = child.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId!;
  expect(child.startChildWorkflowExecutionInitiatedEventAttributes!.priority?.priorityKey).toBe(2);
  const started = await eventually(async () => (await history(journeyId))[0]);
  expect(started.workflowExecutionStartedEventAttributes?.priority?.priorityKey).toBe(2);
});
