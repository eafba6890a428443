import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Service } from './childProcess';
import { startService, waitForPort } from './childProcess';

export interface EmbeddedMongoOptions {
  binary: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** See startService: Ctrl-C reaches only the parent, which stops children in order. */
  ownProcessGroup?: boolean;
  /** More flags for tools/ferretdb (benchmarks turn a feature off to measure it). */
  extraArgs?: string[];
}

/** Starts FerretDB on SQLite: the MongoDB wire protocol with no server to install. */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<Service> {
  const dir = path.resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const service = startService(
    'ferretdb',
    options.binary,
    [
      '--listen-addr',
      `127.0.0.1:${options.port}`,
      '--sqlite-url',
      // FerretDB already writes ahead (WAL); fsync at checkpoints rather than at every commit, as the embedded
      // Temporal does: survives a crash or kill -9 of the server, and the store stops waiting on the disk.
      `file:${dir}/?_pragma=synchronous(normal)`,
      ...(options.extraArgs ?? []),
    ],
    {
      logFile: options.logFile,
      ownProcessGroup: options.ownProcessGroup,
    },
  );
  try {
    await waitForPort('127.0.0.1', options.port, 30_000, service);
  } catch (error) {
    // Not left running half-started: a supervisor retrying the start would find the port taken.
    await service.stop(2_000);
    throw error;
  }
  return service;
}
