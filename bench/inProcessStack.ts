import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { NativeConnection } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../api/app';
import { ensureDevelopmentKey } from '../api/developmentKey';
import type { RateLimits } from '../platform/config';
import { loadDeliveryConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import type { Storage } from '../storage/connection';
import { openStorage } from '../storage/connection';
import { createWorker } from '../workers/createWorker';
import { customerSearchAttributeKeys } from '../workflows/customer/searchAttributes';
import type { ThrowawayServers } from '../dev/throwawayServers';
import { startThrowawayServers } from '../dev/throwawayServers';

export interface InProcessStack {
  servers: ThrowawayServers;
  storage: Storage;
  client: Client;
  worker: Worker;
  /** The API, listening on a free port of 127.0.0.1. */
  baseUrl: string;
  apiKey: string;
  /** Headers of an authorized JSON request. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Throwaway servers (Temporal in memory, FerretDB), with one worker and the API running in this process: what
 * benchmarks need when they measure Tutti rather than a deployment (bench/cost-model.ts, bench/read-model-lag.ts).
 * `bench/storm/stormStack.ts` is the other kind: every part a separate process that can be killed.
 */
export async function startInProcessStack(options: {
  name: string;
  taskQueue: string;
  /** Serve the Temporal server's Prometheus metrics (`servers.temporalMetricsUrl`). */
  temporalMetrics?: boolean;
  /** Per-key request rates of the API; the defaults would throttle a benchmark's own load. */
  rateLimits?: RateLimits;
  /** The storage emits the driver's command events (`storage.connection.getClient().on('commandStarted')`). */
  monitorCommands?: boolean;
}): Promise<InProcessStack> {
  const servers = await startThrowawayServers(options.name, {
    searchAttributes: customerSearchAttributeKeys,
    temporalMetrics: options.temporalMetrics,
  });
  const storage = await openStorage(`${servers.mongoUri}${options.name.replace(/\W/g, '_')}`, {
    monitorCommands: options.monitorCommands,
  });
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: servers.temporalAddress });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: options.taskQueue,
    models: storage.models,
    delivery: loadDeliveryConfig({}),
    client,
  });
  const running = worker.run();
  const apiKey = `${options.name}-key`;
  await ensureDevelopmentKey(storage.models, { apiKey, dataDir: servers.scratch });
  const app = createApp({
    client,
    storage,
    namespace: 'default',
    taskQueue: options.taskQueue,
    logger: createLogger('api', 'warn'),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    servers,
    storage,
    client,
    worker,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    async stop() {
      await new Promise((r) => server.close(r));
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await storage.close();
      await servers.stop();
    },
  };
}
