// `npm run dev`: the whole engine on one machine with nothing to configure — Temporal dev server (SQLite
// under the data dir, Web UI), FerretDB (MongoDB wire protocol on SQLite), a worker and the API.
// External servers are used instead when TEMPORAL_ADDRESS / MONGODB_URI are set. Every child is supervised
// (dev/supervisor.ts): one that exits, or stops answering its liveness probe, is restarted with backoff
// and the event is printed here. Ctrl-C stops everything, API first; the next start finds every workflow and
// document where it was.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readOrCreateDevelopmentKey } from '../api/developmentKey';
import { killLiveChildren } from '../dev/childProcess';
import { loadConfig } from '../platform/config';
import { ProbeConnections } from '../dev/livenessProbes';
import { apiChild, ferretDbChild, temporalChild, workerChild } from '../dev/stackChildren';
import { describeSupervisorEvent, Supervisor } from '../dev/supervisor';
import { ferretDbPath, temporalCliPath } from '../dev/tools';
import { writeWorkflowBundle } from '../workers/workflowBundle';
import { buildWeb } from './build-web';
import { customerSearchAttributeKeys } from '../workflows/customer/searchAttributes';

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const logs = path.join(config.dataDir, 'logs');
  // Bundled once while the servers start, and reused by every restart of the worker (workers/workflowBundle.ts).
  // A change to workflow code takes effect at the next `npm run dev`.
  const workflowBundle = writeWorkflowBundle(path.join(config.dataDir, 'workflow-bundle.js'));
  workflowBundle.catch(() => undefined); // awaited below; a failure is reported there
  // The dashboard the API serves at /app/, built from web/ while the servers start (a change to web/ takes effect
  // at the next `npm run dev`, or at once with `npm run build:web` and a reload).
  // A failed build does not stop the engine: the API answers /app/ with a page saying to build it.
  const dashboard = buildWeb({ quiet: true }).catch((error: unknown) => {
    console.error(`The dashboard did not build (${String(error)}); run \`npm run build:web\` to see why.`);
  });
  const probes = new ProbeConnections({
    temporalAddress: config.temporal.address,
    namespace: config.temporal.namespace,
    mongoUri: config.mongo.uri,
  });
  const supervisor = new Supervisor({
    log: (event) => {
      const line = `[supervisor] ${describeSupervisorEvent(event)}`;
      if (event.kind === 'started') console.log(line);
      else console.error(line);
    },
  });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Tutti ...');
    // API and worker first (they drain), then the servers they use.
    await supervisor.stop();
    await probes.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  // The children are in process groups of their own (so Ctrl-C stops them in order): a closed terminal
  // must stop them too.
  process.on('SIGHUP', () => void stopAll(0));
  process.on('exit', () => {
    supervisor.killNow();
    killLiveChildren();
  });

  try {
    if (!config.temporal.external) {
      console.log(`Starting Temporal dev server on ${config.temporal.address} ...`);
      await supervisor.add(
        temporalChild(
          {
            binary: temporalCliPath(),
            port: config.temporal.embeddedPort,
            uiPort: config.temporal.embeddedUiPort,
            dbFile: path.join(config.dataDir, 'temporal.sqlite'),
            namespace: config.temporal.namespace,
            searchAttributes: customerSearchAttributeKeys,
            logFile: path.join(logs, 'temporal.log'),
          },
          probes,
        ),
      );
    }
    if (!config.mongo.external) {
      console.log(`Starting FerretDB on 127.0.0.1:${config.mongo.embeddedPort} ...`);
      await supervisor.add(
        ferretDbChild(
          {
            binary: ferretDbPath(),
            port: config.mongo.embeddedPort,
            dataDir: path.join(config.dataDir, 'mongo'),
            logFile: path.join(logs, 'ferretdb.log'),
          },
          probes,
        ),
      );
    }

    const apiKey = config.apiKey ?? readOrCreateDevelopmentKey(config.dataDir).key;
    const env = {
      ...process.env,
      TUTTI_API_KEY: apiKey,
      TEMPORAL_ADDRESS: config.temporal.address,
      MONGODB_URI: config.mongo.uri,
      TUTTI_WORKFLOW_BUNDLE: await workflowBundle,
      // The children see TEMPORAL_ADDRESS as if Temporal were external: tell the API where the embedded UI is.
      ...(config.temporal.uiUrl ? { TUTTI_TEMPORAL_UI_URL: config.temporal.uiUrl } : {}),
    };
    await dashboard;
    console.log('Starting worker and API ...');
    // Both at once. Added in this order, the API is stopped first.
    await Promise.all([
      supervisor.add(
        workerChild({ env, logFile: path.join(logs, 'worker.log'), taskQueue: config.taskQueue }, probes),
      ),
      supervisor.add(apiChild({ env, logFile: path.join(logs, 'api.log'), port: config.port })),
    ]);
    printBanner(config, logs, apiKey);
  } catch (error) {
    console.error(error);
    await stopAll(1);
  }
}

function printBanner(config: ReturnType<typeof loadConfig>, logs: string, apiKey: string): void {
  console.log(
    [
      '',
      'Tutti is running.',
      `  API            http://localhost:${config.port}   (health: /healthz, readiness: /readyz)`,
      `  Dashboard      http://localhost:${config.port}/app/   (sign in with the API key below)`,
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
