// A Tutti worker process: runs customer workflows and their activities. Start as many as you like on the
// same task queue; Temporal spreads the work.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporalConnectionOptions } from '../platform/temporalConnectionOptions';
import { loadConfig, loadDeliveryConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openStorage } from '../storage/connection';
import { createWorker } from './createWorker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  const storage = await openStorage(config.mongo.uri);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  // Journey activities ask the customer workflow's ledger through a client of the same cluster.
  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    models: storage.models,
    delivery: loadDeliveryConfig(),
    client,
    maxConcurrentActivities: config.workerMaxActivities,
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
    ...(config.workflowBundle ? { workflowBundle: { codePath: config.workflowBundle } } : {}),
  });
  log.info({ taskQueue: config.taskQueue, temporal: config.temporal.address }, 'worker started');
  // worker.run() resolves after SIGINT/SIGTERM, once in-flight tasks have finished (Runtime's default).
  await worker.run();
  await connection.close();
  await clientConnection.close();
  await storage.close();
  log.info('worker stopped');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
