// `npm run dev`: the whole engine on one machine with nothing to configure — Temporal dev server (SQLite
// under the data dir, Web UI), FerretDB (MongoDB wire protocol on SQLite), a worker and the API.
// External servers are used instead when TEMPORAL_ADDRESS / MONGODB_URI are set. Ctrl-C stops everything;
// the next start finds every workflow and document where it was.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readOrCreateDevelopmentKey } from '../api/developmentKey';
import type { Service } from '../platform/childProcess';
import { startService, waitForPort } from '../platform/childProcess';
import { loadConfig } from '../platform/config';
import { startEmbeddedMongo } from '../platform/embeddedMongo';
import { startEmbeddedTemporal } from '../platform/embeddedTemporal';
import { ferretDbPath, PROJECT_ROOT, temporalCliPath } from '../platform/tools';

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const logs = path.join(config.dataDir, 'logs');
  const services: Service[] = [];
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Tutti ...');
    // API and worker first (they drain), then the servers they use.
    for (const service of [...services].reverse()) await service.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const watch = (service: Service) => {
    services.push(service);
    void service.exited.then((code) => {
      if (!stopping) {
        console.error(
          `${service.name} exited unexpectedly (code ${code}); see ${path.join(logs, `${service.name}.log`)}`,
        );
        void stopAll(1);
      }
    });
  };

  if (!config.temporal.external) {
    console.log(`Starting Temporal dev server on ${config.temporal.address} ...`);
    watch(
      await startEmbeddedTemporal({
        binary: temporalCliPath(),
        port: config.temporal.embeddedPort,
        uiPort: config.temporal.embeddedUiPort,
        dbFile: path.join(config.dataDir, 'temporal.sqlite'),
        namespace: config.temporal.namespace,
        logFile: path.join(logs, 'temporal.log'),
      }),
    );
  }
  if (!config.mongo.external) {
    console.log(`Starting FerretDB on 127.0.0.1:${config.mongo.embeddedPort} ...`);
    watch(
      await startEmbeddedMongo({
        binary: ferretDbPath(),
        port: config.mongo.embeddedPort,
        dataDir: path.join(config.dataDir, 'mongo'),
        logFile: path.join(logs, 'ferretdb.log'),
      }),
    );
  }

  const apiKey = config.apiKey ?? readOrCreateDevelopmentKey(config.dataDir).key;
  const env = {
    ...process.env,
    TUTTI_API_KEY: apiKey,
    TEMPORAL_ADDRESS: config.temporal.address,
    MONGODB_URI: config.mongo.uri,
  };
  // node with tsx as a loader, not the tsx CLI (which would put a second process between us and the child).
  const node = (script: string): [string, string[]] => [process.execPath, ['--import', 'tsx', script]];
  console.log('Starting worker and API ...');
  const worker = startService('worker', ...node('workers/main.ts'), {
    cwd: PROJECT_ROOT,
    env,
    logFile: path.join(logs, 'worker.log'),
  });
  watch(worker);
  const api = startService('api', ...node('api/main.ts'), {
    cwd: PROJECT_ROOT,
    env,
    logFile: path.join(logs, 'api.log'),
  });
  watch(api);
  await waitForPort('127.0.0.1', config.port, 120_000, api);
  // The worker bundles the workflow code first (about ten seconds); "running" means events are processed.
  await worker.waitForOutput('worker started', 180_000);

  console.log(
    [
      '',
      'Tutti is running.',
      `  API            http://localhost:${config.port}   (health: /healthz, readiness: /readyz)`,
      config.temporal.external
        ? `  Temporal       ${config.temporal.address} (external)`
        : `  Temporal UI    http://localhost:${config.temporal.embeddedUiPort}`,
      `  MongoDB        ${config.mongo.external ? '(external MONGODB_URI)' : config.mongo.uri}`,
      `  Logs           ${path.relative(process.cwd(), logs) || logs}/`,
      `  API key        ${apiKey}`,
      '',
      'Try:',
      `  curl -s -X POST localhost:${config.port}/v1/events -H "Authorization: Bearer ${apiKey}" \\`,
      `    -H 'Content-Type: application/json' \\`,
      `    -d '{"id":"evt-1","customerId":"c-42","type":"message","channel":"chat","text":"My order never arrived"}'`,
      `  curl -s localhost:${config.port}/v1/customers/c-42 -H "Authorization: Bearer ${apiKey}"`,
      '',
      'Ctrl-C stops everything; data stays in the data directory for the next start.',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
