import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { bundleWorkflowCode, NativeConnection, DefaultLogger } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import type { Activities } from '../../activities';
import { loadDeliveryConfig } from '../../platform/config';
import type { RateLimits } from '../../platform/config';
import { createApp } from '../../api/app';
import { answerClientErrorsAsProblems } from '../../api/httpLimits';
import { ensureDevelopmentKey } from '../../api/developmentKey';
import { createLogger } from '../../platform/logger';
import type { Role } from '../../domain/access/roles';
import { createApiKey } from '../../storage/apiKeyStore';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import { createWorker } from '../../workers/createWorker';
import { WORKFLOWS_PATH } from '../../workers/workflowBundle';
import { installQuietRuntime } from './quietRuntime';

// Shared with the workflow tests, which do not start the API.
export { eventually } from './eventually';
export { zoneWhereItIs } from './zoneWhereItIs';

/**
 * One test file's slice of the shared servers: its own task queue, its own MongoDB database, a real worker
 * running the real workflow bundle, and the real API on a random port.
 */
export interface Harness {
  client: Client;
  storage: Storage;
  taskQueue: string;
  apiKey: string;
  baseUrl: string;
  worker: Worker;
  /** Starts a fresh worker (after `stopWorker`), as a deploy or a crash-restart would. */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface HarnessOptions {
  continueAsNewAfterHistoryLength?: number;
  /** Delivery settings as environment variables (TUTTI_WEBHOOK_URL, ...); none: the outbox. */
  deliveryEnv?: NodeJS.ProcessEnv;
  /** How long workers trust a policy they read; small in tests that change the policy. */
  policyTtlMs?: number;
  /** Activities the worker runs instead of the real ones (an edge made to fail or hang). */
  activityOverrides?: Partial<Activities>;
  /** How long the API waits on one call to Temporal (api/temporalCalls.ts); default: the API's. */
  temporalCallTimeoutMs?: number;
  /** Requests per second per key, by role (api/rateLimit.ts); default: the API's. */
  rateLimits?: RateLimits;
  /** The Temporal Web UI the dashboard links to; default: none. */
  temporalUiUrl?: string;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  installQuietRuntime();
  const id = randomUUID().slice(0, 8);
  const taskQueue = `test-${id}`;
  const storage = await openStorage(inject('mongoUri'), { dbName: `tutti_test_${id}` });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection, namespace: 'default' });
  const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: silentBundlerLogger,
  });

  const apiKey = `test-key-${id}`;
  await ensureDevelopmentKey(storage.models, { apiKey, dataDir: '/nonexistent' });
  const app = createApp({
    client,
    storage,
    namespace: 'default',
    taskQueue,
    logger: createLogger('api', 'silent'),
    continueAsNewAfterHistoryLength: options.continueAsNewAfterHistoryLength,
    temporalCallTimeoutMs: options.temporalCallTimeoutMs,
    rateLimits: options.rateLimits,
    temporalUiUrl: options.temporalUiUrl,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  // As api/main.ts does: oversized URLs and headers are answered as problems too.
  answerClientErrorsAsProblems(server);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let running: Promise<void> | undefined;
  const harness: Harness = {
    client,
    storage,
    taskQueue,
    apiKey,
    baseUrl,
    worker: undefined as unknown as Worker,
    async startWorker() {
      harness.worker = await createWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        models: storage.models,
        delivery: loadDeliveryConfig(options.deliveryEnv ?? {}),
        client,
        policyTtlMs: options.policyTtlMs,
        activityOverrides: options.activityOverrides,
        workflowBundle,
      });
      running = harness.worker.run();
    },
    async stopWorker() {
      harness.worker.shutdown();
      await running;
    },
    async request(method, path, body, headers = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      // A stream (GET /v1/decisions/stream) never ends by itself: its answer here is its opening event.
      const text = res.headers.get('content-type')?.startsWith('text/event-stream')
        ? await openingOfStream(res)
        : await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async close() {
      await new Promise((r) => server.close(r));
      if (harness.worker?.getState() === 'RUNNING') await harness.stopWorker();
      await connection.close();
      await nativeConnection.close();
      await storage.connection.dropDatabase();
      await storage.close();
    },
  };
  await harness.startWorker();
  return harness;
}

/** A Server-Sent Events answer up to the end of its first event (a blank line); the rest is cancelled. */
async function openingOfStream(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!/\r?\n\r?\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

const silentBundlerLogger = new DefaultLogger('WARN');

/** A short random id, so that each test's customers are its own on the shared servers. */
export function uid(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** The header that sends `key`, for a request as another key than the harness's. */
export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** An API key of `workspace` (created in the harness's database), to act as another tenant or as an admin. */
export async function apiKeyFor(h: Harness, workspace: string, role: Role = 'member'): Promise<string> {
  const { key } = await createApiKey(h.storage.models, { workspace, role, name: `${role} ${uid()}` });
  return key;
}
