import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './insertNew';
import { withBusyRetry } from './withBusyRetry';

interface Setting {
  _id: string;
  value: string;
  createdAt: Date;
}

const TRACKING_SECRET_ID = 'tracking-secret';

/**
 * The secret tracking tokens are signed with when TUTTI_TRACKING_SECRET is not set (docs/TRACKING.md): made
 * at random by the first process that needs it and kept in the `settings` collection, so every API replica
 * and every worker of the installation signs and verifies with the same one, with nothing to configure and
 * nothing fixed in the code. Read by `_id` alone; two processes racing to create it agree on the one that
 * landed first.
 */
export async function readOrCreateTrackingSecret(connection: Connection): Promise<string> {
  const settings = connection.collection<Setting>('settings');
  const existing = await settings.findOne({ _id: TRACKING_SECRET_ID });
  if (existing) return existing.value;
  try {
    await withBusyRetry(() =>
      settings.insertOne({
        _id: TRACKING_SECRET_ID,
        value: randomBytes(32).toString('base64url'),
        createdAt: new Date(),
      }),
    );
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const stored = await settings.findOne({ _id: TRACKING_SECRET_ID });
  if (!stored)
    throw new Error('The tracking secret vanished from the settings collection after it was written');
  return stored.value;
}

/**
 * The tracking secret, read once per process: the configured one, else the installation's. A failed read is
 * not remembered (the next caller tries again).
 */
export function trackingSecretSource(
  connection: Connection,
  configured: string | undefined,
): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    if (configured !== undefined) return Promise.resolve(configured);
    pending ??= readOrCreateTrackingSecret(connection).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
