import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { registerModels } from './models';
import type { Models } from './models';

export interface Storage {
  connection: Connection;
  models: Models;
  close(): Promise<void>;
}

/**
 * Opens a dedicated connection (not mongoose's global one) so a process, or a test file, can hold
 * several databases at once. Indexes are built here, before anything writes: idempotency rests on them.
 */
export async function openStorage(uri: string, options: { dbName?: string } = {}): Promise<Storage> {
  const connection = await mongoose
    .createConnection(uri, {
      ...(options.dbName ? { dbName: options.dbName } : {}),
      serverSelectionTimeoutMS: 10_000,
      // FerretDB and Atlas alike: our writes are single-document upserts, so retryable writes are safe.
      retryWrites: false,
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
