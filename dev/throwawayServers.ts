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
  stop(): Promise<void>;
}

/**
 * A Temporal dev server (in memory) and a FerretDB on free ports in a temporary folder, for scripts that
 * need real servers of their own — benchmarks and history recording — without touching `.data/`.
 */
export async function startThrowawayServers(
  name: string,
  options: { searchAttributes: readonly SearchAttributeDeclaration[] },
): Promise<ThrowawayServers> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `tutti-${name}-`));
  const [temporalBinary, ferretBinary, temporalPort, mongoPort] = await Promise.all([
    ensureTemporalCli(),
    ensureFerretDb(),
    freePort(),
    freePort(),
  ]);
  const temporal = await startEmbeddedTemporal({
    binary: temporalBinary,
    port: temporalPort,
    namespace: 'default',
    logFile: path.join(scratch, 'temporal.log'),
    searchAttributes: options.searchAttributes,
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
    async stop() {
      await mongo.stop();
      await temporal.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
