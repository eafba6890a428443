import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Harness } from '../support/harness';
import { createHarness, eventually } from '../support/harness';
import { taskQueuePollers } from '../../platform/taskQueuePollers';

/**
 * A customer's webhook receiver (the true external edge), real and local: it honours Idempotency-Key as
 * receivers are asked to, and holds the first request open so the worker can be killed mid-delivery.
 */
const received: { key: string; at: number }[] = [];
let holdFirst: (() => void) | undefined;
let receiver: Server;
let receiverUrl: string;
let h: Harness;
let child: ChildProcess | undefined;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ key: String(req.headers['idempotency-key']), at: Date.now() });
      if (received.length === 1) {
        // Never answer the first attempt: its worker dies while waiting.
        holdFirst = () => res.destroy();
        return;
      }
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/tutti`;
  h = await createHarness({
    deliveryEnv: { TUTTI_WEBHOOK_URL: receiverUrl, TUTTI_WEBHOOK_SECRET: 'test-secret' },
  });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  holdFirst?.();
  await h?.close();
  await new Promise((r) => receiver.close(r));
});

it('delivers exactly once when the worker is killed between the decision and the delivery', async () => {
  // The harness's in-process worker steps aside; a separate worker process takes the customer's workflow.
  await h.stopWorker();
  const root = path.resolve(__dirname, '../..');
  // node itself with tsx as a loader (not the tsx CLI, which runs node as a grandchild): SIGKILL must reach
  // the process that runs the worker.
  child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: root,
    stdio: 'ignore',
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      MONGODB_URI: `${inject('mongoUri').replace(/\/$/, '')}/${h.storage.connection.name}`,
      TUTTI_TASK_QUEUE: h.taskQueue,
      TUTTI_WEBHOOK_URL: receiverUrl,
      TUTTI_WEBHOOK_SECRET: 'test-secret',
      TUTTI_LOG_LEVEL: 'warn',
    },
  });

  // A worker process starts by bundling the workflow code, which takes seconds of CPU; until it polls, the API
  // would rightly answer 503 (Temporal did not answer in time). The test is about what follows.
  const workerPid = child.pid;
  await eventually(
    async () => {
      const pollers = await taskQueuePollers(h.client.workflowService, 'default', h.taskQueue);
      return pollers.workflow.some((p) => p.identity.startsWith(`${workerPid}@`)) || undefined;
    },
    90_000,
    'the worker process to poll its task queue',
  );

  const customerId = `crash-${Date.now()}`;
  const answer = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
    id: `${customerId}-receipt`,
    channel: 'webhook',
    category: 'transactional',
    content: { body: 'Your refund is on its way' },
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ decision: 'sent', reason: 'ok', messageId: expect.any(String) });
  const messageId = answer.body.messageId as string;

  // The delivery is in flight at the receiver: kill the worker process outright (no graceful shutdown).
  await eventually(
    () => Promise.resolve(received.length === 1 ? true : undefined),
    60_000,
    'the first delivery attempt',
  );
  child.kill('SIGKILL');
  holdFirst?.();

  // A new worker picks the workflow up; the lost attempt times out and is retried with the same key.
  await h.startWorker();
  await eventually(
    () => Promise.resolve(received.length >= 2 ? true : undefined),
    90_000,
    'the retried delivery',
  );
  const outbox = await eventually(async () => {
    const doc = await h.storage.models.outbox.findById(messageId).lean();
    return doc?.status === 'delivered' ? doc : undefined;
  }, 30_000);

  // Every attempt carried the workflow's messageId: the receiver applies it once.
  expect(new Set(received.map((r) => r.key))).toEqual(new Set([messageId]));
  expect(outbox.attempts).toBeGreaterThanOrEqual(2);
  // And the ledger holds one sent message for the request.
  const ledger = await h.request('GET', `/v1/customers/${customerId}/ledger`);
  expect(ledger.body.contacts).toEqual([expect.objectContaining({ messageId, decision: 'sent' })]);
}, 180_000);
