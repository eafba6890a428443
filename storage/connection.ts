import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { MongoSettings } from '../platform/config';
import { loadMongoSettings } from '../platform/config';
import { registerModels } from './models';
import type { Models } from './models';

export interface Storage {
  connection: Connection;
  models: Models;
  close(): Promise<void>;
}

export interface StorageOptions {
  dbName?: string;
  /** Pool size and timeouts; the environment's (TUTTI_MONGO_MAX_POOL, TUTTI_MONGO_TIMEOUT_MS) by default. */
  settings?: MongoSettings;
  /**
   * How often the driver checks the server (its default, 10 s, when unset). A test that makes the server stop
   * answering for a moment sets it long, so that a check falling inside that moment does not clear the pool.
   */
  heartbeatFrequencyMs?: number;
  /** Emit the driver's command events (`commandStarted`, …): benchmarks count the writes (bench/cost-model.ts). */
  monitorCommands?: boolean;
}

/**
 * How long finding a server (or connecting to it) may take before an operation fails, at most. A server that
 * is down answers nothing, so this is how long a caller waits to learn it: short, because every caller retries.
 */
export const SERVER_SELECTION_TIMEOUT_MS = 5_000;

/**
 * The driver options that keep every operation bounded (storage/README.md, "Pool and timeouts"): a pool well
 * below the server's, a wait for a free connection that ends, and a socket that gives up on a server that
 * stopped answering. Driver 7 has no overall per-operation timeout (`timeoutMS` is ignored), so these three
 * are the bound: an operation fails within selection + checkout + silence.
 */
export function driverOptions(settings: MongoSettings) {
  const selection = Math.min(SERVER_SELECTION_TIMEOUT_MS, settings.timeoutMs);
  return {
    maxPoolSize: settings.maxPoolSize,
    waitQueueTimeoutMS: settings.timeoutMs,
    socketTimeoutMS: settings.timeoutMs,
    serverSelectionTimeoutMS: selection,
    connectTimeoutMS: selection,
    // FerretDB and Atlas alike: a write that failed is retried by its caller (activity or client), whose
    // writes are idempotent; a driver retry on top would only double the wait.
    retryWrites: false,
  };
}

/**
 * Opens a dedicated connection (not mongoose's global one) so a process, or a test file, can hold
 * several databases at once. Indexes are built here, before anything writes: idempotency rests on them.
 */
export async function openStorage(uri: string, options: StorageOptions = {}): Promise<Storage> {
  const settings = options.settings ?? loadMongoSettings();
  const connection = await mongoose
    .createConnection(uri, {
      ...(options.dbName ? { dbName: options.dbName } : {}),
      // While disconnected, mongoose holds operations back for 10 s (its bufferTimeoutMS), then fails them.
      ...driverOptions(settings),
      ...(options.monitorCommands ? { monitorCommands: true } : {}),
      ...(options.heartbeatFrequencyMs ? { heartbeatFrequencyMS: options.heartbeatFrequencyMs } : {}),
    })
    .asPromise();
  const models = registerModels(connection);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  return {
    connection,
    models,
    close: () => connection.close(),
  };
}

export async function pingStorage(storage: Storage): Promise<void> {
  const db = storage.connection.db;
  if (!db) throw new Error('MongoDB connection is not open');
  await db.admin().ping();
}
