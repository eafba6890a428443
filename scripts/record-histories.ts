// Records the histories that CI replays (test/integration/replayCommand.test.ts runs
// `npm run replay -- --dir test/histories`). Run after a deliberate change to a workflow (with the change
// made safe by patched() for running workflows), then commit the files:
//   npm run histories:record
// It starts its own throwaway Temporal and FerretDB, drives each workflow type through its main paths
// with a real worker, and writes one JSON history per scenario into test/histories/.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CustomerEvent } from '../domain/events/customerEvent';
import { PROJECT_ROOT } from '../dev/tools';
import { startThrowawayServers } from '../dev/throwawayServers';
import { openStorage } from '../storage/connection';
import { publishPolicy } from '../storage/policyStore';
import { defaultPolicy } from '../domain/policy';
import { loadDeliveryConfig } from '../platform/config';
import { createWorker } from '../workers/createWorker';
import type { customerWorkflow } from '../workflows/customer/customerWorkflow';
import { customerSearchAttributeKeys } from '../workflows/customer/searchAttributes';
import { WORKSPACE_ALERTS_WORKFLOW_TYPE, workspaceAlertsWorkflowId } from '../workflows/alerts/messages';
import {
  CUSTOMER_WORKFLOW_TYPE,
  customerStateQuery,
  customerWorkflowId,
  ingestEventsSignal,
  requestContactUpdate,
} from '../workflows/customer/messages';

const run = promisify(execFile);
const OUT = path.join(PROJECT_ROOT, 'test/histories');
const TASK_QUEUE = 'record-histories';

function event(customerId: string, n: number, fields: Partial<CustomerEvent>): CustomerEvent {
  const at = new Date(Date.UTC(2026, 0, 1, 12, n)).toISOString();
  return {
    id: `${customerId}-${n}`,
    customerId,
    type: 'browse',
    channel: 'web',
    occurredAt: at,
    receivedAt: at,
    properties: {},
    ...fields,
  };
}

async function main(): Promise<void> {
  const servers = await startThrowawayServers('record', { searchAttributes: customerSearchAttributeKeys });
  const storage = await openStorage(`${servers.mongoUri}record`);
  const nativeConnection = await NativeConnection.connect({ address: servers.temporalAddress });
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const client = new Client({ connection });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    models: storage.models,
    delivery: loadDeliveryConfig({}),
    client,
  });

  // Journey timings of a second or two, so every journey runs to its end while we wait.
  const { version: _version, ...policy } = defaultPolicy;
  await publishPolicy(storage.models, 'default', {
    ...policy,
    quietHours: { ...policy.quietHours, categories: [] },
    journeys: {
      serviceRecovery: { ...policy.journeys.serviceRecovery, resolutionSla: '1h', surveyAfter: '1s' },
      advocacy: { ...policy.journeys.advocacy, askAfter: '1s' },
      cartRecovery: { ...policy.journeys.cartRecovery, firstReminderAfter: '1s', secondChannelAfter: '0s' },
      winBack: { enabled: true, quietFor: '30s' },
    },
  });

  try {
    await worker.runUntil(async () => {
      // Scenario: a customer identifies, complains (case opened: service recovery starts), repeats an event
      // id, is hit by a disruption (recovery escalates), abandons a cart (cart recovery reminds, then follows up by "auto" as the reminder was not opened) and buys it,
      // gets the case resolved (recovery sends the CSAT survey and completes), answers it, writes a glowing
      // review (advocacy asks for more, they post one, it thanks them), buys again (win-back's clock restarts,
      // then it makes its offer) — with a small
      // history limit so the customer workflow continues-as-new while journeys run.
      const customerId = 'recorded-customer';
      const workflowId = customerWorkflowId('default', customerId);
      const batches: CustomerEvent[][] = [
        [
          event(customerId, 1, {
            type: 'identify',
            properties: {
              traits: {
                name: 'Rec',
                tier: 'gold',
                timezone: 'Europe/Paris',
                email: 'rec@example.com',
                pushToken: 'tok-rec',
              },
            },
          }),
        ],
        [
          event(customerId, 2, {
            type: 'message',
            channel: 'chat',
            text: 'My bag was lost and nobody calls back. Awful.',
          }),
        ],
        [event(customerId, 2, { type: 'message', channel: 'chat', text: 'duplicate id, ignored' })],
        [
          event(customerId, 3, {
            type: 'disruption',
            channel: 'ops',
            properties: { kind: 'delivery_delayed' },
          }),
        ],
        [
          event(customerId, 8, {
            type: 'cart_abandoned',
            channel: 'web',
            properties: { cartId: 'cart-1', items: [{ sku: 'boot-41' }] },
          }),
        ],
        [
          event(customerId, 9, {
            type: 'purchase',
            channel: 'web',
            properties: { orderId: 'o-0', cartId: 'cart-1', amount: 120 },
          }),
        ],
        [event(customerId, 4, { type: 'case_resolved', channel: 'ops', properties: {} })],
        [
          event(customerId, 5, { type: 'survey', channel: 'email', properties: { kind: 'csat', score: 5 } }),
          event(customerId, 6, { type: 'consent', properties: { channel: 'sms', status: 'opted_out' } }),
        ],
        [
          event(customerId, 10, {
            type: 'message',
            channel: 'review',
            text: 'Absolutely love it! The new boots are perfect, best service ever :)',
          }),
        ],
        [
          event(customerId, 11, {
            type: 'message',
            channel: 'review',
            text: 'Posted my review on the store page, thanks again!',
          }),
        ],
        [
          event(customerId, 7, {
            type: 'purchase',
            channel: 'store',
            properties: { orderId: 'o-1', amount: 10 },
          }),
        ],
      ];
      for (const batch of batches) {
        await client.workflow.signalWithStart<typeof customerWorkflow, [CustomerEvent[]]>(
          CUSTOMER_WORKFLOW_TYPE,
          {
            workflowId,
            taskQueue: TASK_QUEUE,
            args: [{ workspace: 'default', customerId, continueAsNewAfterHistoryLength: 30 }],
            signal: ingestEventsSignal,
            signalArgs: [batch],
          },
        );
        // Long enough for the journeys to act on what they heard before the next batch.
        await new Promise((r) => setTimeout(r, 2_000));
      }
      const handle = client.workflow.getHandle(workflowId);
      // Contact requests: a transactional send, a promotion (sent, scheduled or suppressed depending on the
      // clock and the open case), and the same request id again; then a person opens the receipt, and the
      // customer's workflow chooses a channel ("auto") and an hour ("optimal").
      const answers = [];
      for (const request of [
        { id: 'order-1', channel: 'email' as const, category: 'transactional' as const, priority: 100 },
        {
          id: 'promo-1',
          channel: 'push' as const,
          category: 'promotion' as const,
          priority: 40,
          campaign: 'spring',
        },
        {
          id: 'promo-1',
          channel: 'push' as const,
          category: 'promotion' as const,
          priority: 40,
          campaign: 'spring',
        },
      ]) {
        answers.push(await handle.executeUpdate(requestContactUpdate, { args: [request] }));
      }
      // The journeys have used the marketing caps by now: without caps (and without exploring), "auto" goes
      // out and "optimal" waits for the hour the receipt was opened at yesterday, three hours from now.
      const { version: loosened } = await publishPolicy(storage.models, 'default', {
        ...policy,
        quietHours: { ...policy.quietHours, categories: [] },
        caps: [],
        sendTime: { explorePercent: 0, priorStrength: 5 },
      });
      const receiptId = answers[0]?.messageId;
      if (receiptId !== undefined) {
        const openedAt = new Date(Date.now() - 21 * 3_600_000).toISOString();
        await handle.signal(ingestEventsSignal, [
          {
            ...event(customerId, 12, {
              type: 'engagement',
              channel: 'email',
              properties: { messageId: receiptId, action: 'opened' },
            }),
            occurredAt: openedAt,
            receivedAt: new Date().toISOString(),
          },
        ]);
      }
      for (const request of [
        { id: 'auto-1', channel: 'auto' as const, category: 'newsletter' as const, priority: 30 },
        {
          id: 'optimal-1',
          channel: 'email' as const,
          category: 'survey' as const,
          priority: 30,
          sendAt: 'optimal' as const,
        },
      ]) {
        await handle.executeUpdate(requestContactUpdate, { args: [request, { policyVersion: loosened }] });
      }
      const deadline = Date.now() + 120_000;
      for (;;) {
        const state = await handle.query(customerStateQuery);
        const events = receiptId === undefined ? 11 : 12;
        if (state.counts.events === events && state.activeJourneys.length === 0) break;
        if (Date.now() > deadline) {
          throw new Error(
            `The scenario did not settle: ${JSON.stringify({ counts: state.counts, journeys: state.journeys })}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      // Let the last run finish its current workflow task, so its history is not cut mid-step.
      await new Promise((r) => setTimeout(r, 2_000));
      // Every run of the customer's workflow (the continued-as-new ones included), and every journey.
      const runs: { workflowId: string; runId: string; type: string }[] = [];
      for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
        runs.push({ workflowId: wf.workflowId, runId: wf.runId, type: 'customer' });
      }
      runs.reverse();
      const journeyPrefix = `journey:default:${customerId}:`;
      for await (const wf of client.workflow.list({ query: `WorkflowId STARTS_WITH '${journeyPrefix}'` })) {
        runs.push({ workflowId: wf.workflowId, runId: wf.runId, type: wf.type });
      }
      // The workspace's alerts workflow: a few rounds a second apart over the scenario's counters (with rules
      // loose enough to open an incident for the complaint), across a continue-as-new, then ended.
      await publishPolicy(storage.models, 'default', {
        ...policy,
        alerts: {
          every: '1s',
          nssDrop: { window: '1h', baseline: '2h', sigma: 1, minMentions: 1 },
          topicSpike: { window: '1h', baseline: '2h', sigma: 1, minMentions: 1 },
        },
      });
      const alertsId = workspaceAlertsWorkflowId('default');
      const alerts = await client.workflow.start(WORKSPACE_ALERTS_WORKFLOW_TYPE, {
        workflowId: alertsId,
        taskQueue: TASK_QUEUE,
        args: [{ workspace: 'default', roundsPerRun: 3 }],
      });
      await new Promise((r) => setTimeout(r, 5_000));
      await alerts.terminate('recorded');
      const alertRuns: typeof runs = [];
      for await (const wf of client.workflow.list({ query: `WorkflowId = '${alertsId}'` })) {
        alertRuns.push({ workflowId: wf.workflowId, runId: wf.runId, type: wf.type });
      }
      runs.push(...alertRuns.reverse());
      mkdirSync(OUT, { recursive: true });
      let n = 0;
      const perType: Record<string, number> = {};
      for (const { workflowId: id, runId, type } of runs) {
        // The CLI writes the same JSON as `temporal workflow show` and the Web UI's download: the format
        // the replayer reads, and the one ops will hand us from production.
        const { stdout } = await run(
          servers.temporalBinary,
          [
            'workflow',
            'show',
            '--address',
            servers.temporalAddress,
            '-w',
            id,
            '-r',
            runId,
            '--output',
            'json',
          ],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        // customer-run1..n in run order; journeys by type, numbered when a type ran more than once.
        const seenOfType = (perType[type] = (perType[type] ?? 0) + 1);
        const name =
          type === 'customer' ? `customer-run${++n}` : seenOfType === 1 ? type : `${type}-${seenOfType}`;
        const file = path.join(OUT, `${name}.json`);
        writeFileSync(file, stdout);
        console.log(
          `wrote ${path.relative(PROJECT_ROOT, file)} (${(JSON.parse(stdout) as { events: unknown[] }).events.length} events)`,
        );
      }
    });
  } finally {
    await nativeConnection.close();
    await connection.close();
    await storage.close();
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
