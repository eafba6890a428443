// Vitest global setup for the integration project: one real Temporal dev server and one real
// MongoDB-wire server (FerretDB, or MONGODB_URI when set) for the whole run, shared by every test file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Service } from '../../dev/childProcess';
import { freePort } from '../../dev/childProcess';
import { startEmbeddedMongo } from '../../dev/embeddedMongo';
import { startEmbeddedTemporal } from '../../dev/embeddedTemporal';
import { ferretDbPath, temporalCliPath } from '../../dev/tools';
import { loadConfig } from '../../platform/config';
import { customerSearchAttributeKeys } from '../../workflows/customer/searchAttributes';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    mongoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // MONGODB_URI, as the processes read it: set, the tests use that server instead of starting FerretDB.
  const configured = loadConfig().mongo;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-test-'));
  const services: Service[] = [];
  const temporalPort = await freePort();
  const [temporal, mongo] = await Promise.all([
    startEmbeddedTemporal({
      binary: temporalCliPath(),
      port: temporalPort,
      namespace: 'default',
      searchAttributes: customerSearchAttributeKeys,
      logFile: path.join(scratch, 'temporal.log'),
    }),
    configured.external
      ? Promise.resolve(undefined)
      : freePort().then((port) =>
          startEmbeddedMongo({
            binary: ferretDbPath(),
            port,
            dataDir: path.join(scratch, 'mongo'),
            logFile: path.join(scratch, 'ferretdb.log'),
          }).then((service) => ({ service, port })),
        ),
  ]);
  services.push(temporal);
  if (mongo) services.push(mongo.service);

  project.provide('temporalAddress', `127.0.0.1:${temporalPort}`);
  project.provide('mongoUri', mongo ? `mongodb://127.0.0.1:${mongo.port}/` : configured.uri);

  return async () => {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(scratch, { recursive: true, force: true });
  };
}
