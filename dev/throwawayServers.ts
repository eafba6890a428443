import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './childProcess';
import { startEmbeddedMongo } from './embeddedMongo';
import type { SearchAttributeDeclaration } from './embeddedTemporal';
import { startEmbeddedTemporal } from './embeddedTemporal';
import { ensureFerretDb, ensureTemporalCli } from './tools';

export interface ThrowawayServers {
  /** Where the servers keep their data and logs; removed by stop(). */
  scratch: string;
  temporalAddress: string;
  temporalBinary: string;
  /** Without a database name: append one. */
  mongoUri: string;
  /** The Temporal server's Prometheus endpoint, when asked for (`temporalMetrics`). */
  temporalMetricsUrl?: string;
  /** Process ids, for benchmarks that read each server's CPU time. */
  pids: { temporal?: number; ferretdb?: number };
  stop(): Promise<void>;
}

/**
 * A Temporal dev server (in memory) and a FerretDB on free ports in a temporary folder, for scripts that
 * need real servers of their own — benchmarks and history recording — without touching `.data/`.
 */
export async function startThrowawayServers(
  name: string,
  options: { searchAttributes: readonly SearchAttributeDeclaration[]; temporalMetrics?: boolean },
): Promise<ThrowawayServers> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `tutti-${name}-`));
  const [temporalBinary, ferretBinary, temporalPort, mongoPort, metricsPort] = await Promise.all([
    ensureTemporalCli(),
    ensureFerretDb(),
    freePort(),
    freePort(),
    options.temporalMetrics ? freePort() : undefined,
  ]);
  const temporal = await startEmbeddedTemporal({
    binary: temporalBinary,
    port: temporalPort,
    namespace: 'default',
    logFile: path.join(scratch, 'temporal.log'),
    searchAttributes: options.searchAttributes,
    ...(metricsPort ? { metricsPort } : {}),
  });
  const mongo = await startEmbeddedMongo({
    binary: ferretBinary,
    port: mongoPort,
    dataDir: path.join(scratch, 'mongo'),
    logFile: path.join(scratch, 'mongo.log'),
  });
  return {
    scratch,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    temporalBinary,
    mongoUri: `mongodb://127.0.0.1:${mongoPort}/`,
    ...(metricsPort ? { temporalMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics` } : {}),
    pids: { temporal: temporal.process.pid, ferretdb: mongo.process.pid },
    async stop() {
      await mongo.stop();
      await temporal.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
