import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { loadDeliveryConfig } from '../../platform/config';
import { createApp } from '../../api/app';
import { hashApiKey } from '../../api/auth';
import { answerClientErrorsAsProblems } from '../../api/httpLimits';
import type { ThrowawayServers } from '../../dev/throwawayServers';
import { startThrowawayServers } from '../../dev/throwawayServers';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import { createWorker } from '../../workers/createWorker';
import { customerSearchAttributeKeys } from '../../workflows/customer/searchAttributes';

export const FUZZ_WORKSPACE = 'fuzz';
const TASK_QUEUE = 'fuzz';

export interface FuzzStack {
  baseUrl: string;
  /** An admin key of FUZZ_WORKSPACE: the fuzzer may publish policies too. */
  apiKey: string;
  /** The API's error log (pino JSON lines): a 500's stack trace is there. */
  apiLog: string;
  storage: Storage;
  stop(): Promise<void>;
}

/**
 * A throwaway Tutti to fuzz: Temporal dev server and FerretDB of its own (dev/throwawayServers.ts), and a
 * real worker and the real API in this process — the same wiring as `npm run dev`, nothing mocked — so a 5xx
 * the fuzzer finds is one users would get.
 */
export async function startFuzzStack(): Promise<FuzzStack> {
  const servers: ThrowawayServers = await startThrowawayServers('fuzz', {
    searchAttributes: customerSearchAttributeKeys,
  });
  const apiLog = path.join(servers.scratch, 'api.log');
  let storage: Storage | undefined;
  let connection: Connection | undefined;
  let nativeConnection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let server: Server | undefined;

  async function stop(): Promise<void> {
    if (server) await new Promise((resolve) => server?.close(resolve));
    if (worker && running) {
      worker.shutdown();
      // Bounded: a worker whose server died first would wait for it forever.
      await Promise.race([
        running.catch((error: unknown) => console.error('worker:', error)),
        new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
      ]);
    }
    await nativeConnection?.close();
    await connection?.close();
    await storage?.close();
    await servers.stop();
  }

  try {
    storage = await openStorage(`${servers.mongoUri}tutti_fuzz`);
    connection = await Connection.connect({ address: servers.temporalAddress });
    const client = new Client({ connection, namespace: 'default' });
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already in this process (a test file that started a harness first): keep that one.
    }
    nativeConnection = await NativeConnection.connect({ address: servers.temporalAddress });
    worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      models: storage.models,
      delivery: loadDeliveryConfig({}),
      client,
    });
    running = worker.run();

    const apiKey = `fuzz_${randomBytes(18).toString('base64url')}`;
    await storage.models.apiKeys.create({
      _id: hashApiKey(apiKey),
      workspace: FUZZ_WORKSPACE,
      role: 'admin',
      name: 'fuzz',
      createdAt: new Date(),
    });
    const app = createApp({
      client,
      storage,
      namespace: 'default',
      taskQueue: TASK_QUEUE,
      logger: pino({ name: 'api', level: 'warn' }, pino.destination({ dest: apiLog, sync: true })),
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    // As api/main.ts does: oversized headers and malformed HTTP are answered as problems too.
    answerClientErrorsAsProblems(server);
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { baseUrl, apiKey, apiLog, storage, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
