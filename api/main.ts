// The Tutti API process: stateless, so run as many replicas as you like behind a load balancer.
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions } from '../platform/temporalConnectionOptions';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openStorage } from '../storage/connection';
import { createApp } from './app';
import { ensureDevelopmentKey } from './developmentKey';
import { answerClientErrorsAsProblems } from './httpLimits';
import { endDecisionStreams } from './routes/decisionsStream';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.logLevel);
  const storage = await openStorage(config.mongo.uri);
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const { key, generated } = await ensureDevelopmentKey(storage.models, {
    apiKey: config.apiKey,
    dataDir: config.dataDir,
  });
  const app = createApp({
    client,
    storage,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    logger,
    continueAsNewAfterHistoryLength: config.customerHistoryLimit,
    temporalCallTimeoutMs: config.apiTemporalTimeoutMs,
    rateLimits: config.rateLimits,
    tracking: config.tracking,
    temporalUiUrl: config.temporal.uiUrl,
  });
  const server = app.listen(config.port, () => {
    logger.info({ port: config.port }, 'API listening');
    if (generated || !config.apiKey) logger.info(`Development API key: ${key}`);
  });
  answerClientErrorsAsProblems(server);

  const shutdown = () => {
    // Live streams never end by themselves; their clients reconnect (Last-Event-ID) to another replica.
    endDecisionStreams();
    server.close(() => {
      void Promise.all([connection.close(), storage.close()]).then(() => process.exit(0));
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
