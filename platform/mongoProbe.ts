import type { Connection } from 'mongoose';

/**
 * The query that tells whether the MongoDB-wire server can serve Tutti: a findOne by `_id` on a collection of
 * the application's database that every API request uses. `ping` is not enough: a wedged FerretDB (every
 * pooled SQLite connection parked by multi-statement updates) answers ping, and reads of other databases
 * (one SQLite file and pool per database), while every query on this one waits for ever.
 */
const PROBE_COLLECTION = 'api_keys';
const PROBE_ID = 'liveness-probe';

/**
 * Resolves when the server answers; rejects when it does not within about `maxTimeMs`. maxTimeMS makes
 * FerretDB itself give up waiting for a pooled connection, so a probe of a wedged server frees its driver
 * connection instead of holding it for ever (the driver's own `timeoutMS` does nothing in driver 7).
 */
export async function findProbeDocument(connection: Connection, maxTimeMs: number): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('MongoDB connection is not open');
  await db.collection<{ _id: string }>(PROBE_COLLECTION).findOne({ _id: PROBE_ID }, { maxTimeMS: maxTimeMs });
}
