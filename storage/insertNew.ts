import type { mongo } from 'mongoose';
import { withBusyRetry } from './withBusyRetry';

const DUPLICATE_KEY = 11000;

/** A document with the natural `_id` that makes writing it again harmless. */
export interface KeyedDocument {
  _id: string;
  [field: string]: unknown;
}

/**
 * Append-only write (storage/README.md, "The write rule"): inserts documents under their natural `_id`s in
 * one unordered insert, and answers which of them were there already (by index into `docs`). A duplicate key
 * means "written before" — a retried activity, a re-sent event — so writing the same documents again is a
 * no-op, never an error. An insert holds no query open inside FerretDB, whatever the number of documents, so
 * it cannot wedge the server the way a multi-statement update does.
 *
 * Any other failure is thrown, with the documents that could be written written: unordered.
 */
export async function insertNew(
  collection: mongo.Collection<KeyedDocument>,
  docs: readonly KeyedDocument[],
): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await withBusyRetry(() => collection.insertMany([...docs], { ordered: false }));
    return new Set();
  } catch (error) {
    // Only an answer listing nothing but duplicates is "written before". A bulk error with no write errors
    // wraps a failure of the whole command (a timeout, a lost connection): nothing is known to be written.
    const writeErrors = writeErrorsOf(error);
    if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) throw error;
    return new Set(writeErrors.map((w) => w.index));
  }
}

/** One document; answers whether it was there already. */
export async function insertOneNew(
  collection: mongo.Collection<KeyedDocument>,
  doc: KeyedDocument,
): Promise<boolean> {
  try {
    await withBusyRetry(() => collection.insertOne(doc));
    return false;
  } catch (error) {
    if (isDuplicateKey(error)) return true;
    throw error;
  }
}

/** E11000 on MongoDB and FerretDB alike. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown }).code === DUPLICATE_KEY;
}

function writeErrorsOf(error: unknown): { index: number; code: number }[] {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined || raw === null) return [];
  const list = (Array.isArray(raw) ? raw : [raw]) as { index: number; code: number }[];
  return list.map((w) => ({ index: w.index, code: w.code }));
}
