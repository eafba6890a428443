import type { mongo } from 'mongoose';
import { isBusy, withBusyRetry } from './withBusyRetry';

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
 * Any other failure is thrown, with the documents that could be written written: unordered. A document SQLite
 * was too busy for is tried again alone (insertEach), so the documents written meanwhile are not mistaken for
 * duplicates.
 */
export async function insertNew(
  collection: mongo.Collection<KeyedDocument>,
  docs: readonly KeyedDocument[],
): Promise<Set<number>> {
  const outcomes = await insertEach(collection, docs);
  const refused = outcomes.find((outcome): outcome is { error: unknown } => typeof outcome === 'object');
  if (refused) throw refused.error;
  return new Set(outcomes.flatMap((outcome, i) => (outcome === 'duplicate' ? [i] : [])));
}

/** What became of one document of `insertEach`. */
export type InsertOutcome = 'inserted' | 'duplicate' | { error: unknown };

/** How often `insertEach` tries a document SQLite was too busy to write (as withBusyRetry does a whole write). */
const BUSY_ATTEMPTS = 8;

/**
 * Each document's own outcome of one unordered insert, where `insertNew` answers for all: for documents that
 * several callers write together (a group commit), a document the server refused fails its own caller, not
 * the others. A document SQLite was too busy to write is tried again alone: retrying the whole
 * insert would answer the documents it did write as duplicates. A failure of the whole command (no write
 * errors: a timeout, a lost connection, nothing known to be written) is thrown, as by `insertNew`.
 */
export async function insertEach(
  collection: mongo.Collection<KeyedDocument>,
  docs: readonly KeyedDocument[],
): Promise<InsertOutcome[]> {
  const outcomes: InsertOutcome[] = docs.map(() => 'inserted');
  let pending = docs.map((_, i) => i);
  for (let attempt = 1; pending.length > 0; attempt++) {
    const again: number[] = [];
    try {
      await collection.insertMany(
        pending.map((i) => docs[i]),
        { ordered: false },
      );
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0) {
        if (attempt < BUSY_ATTEMPTS && isBusy(error)) {
          again.push(...pending);
        } else {
          throw error;
        }
      }
      for (const w of writeErrors) {
        const i = pending[w.index];
        if (w.code === DUPLICATE_KEY) outcomes[i] = 'duplicate';
        else if (attempt < BUSY_ATTEMPTS && isBusy(w)) again.push(i);
        else outcomes[i] = { error };
      }
    }
    pending = again;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
  }
  return outcomes;
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

function writeErrorsOf(error: unknown): { index: number; code: number; message: string }[] {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined || raw === null) return [];
  const list = (Array.isArray(raw) ? raw : [raw]) as { index: number; code: number; errmsg?: unknown }[];
  return list.map((w) => ({
    index: w.index,
    code: w.code,
    message: typeof w.errmsg === 'string' ? w.errmsg : '',
  }));
}
