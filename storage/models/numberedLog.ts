import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';

/**
 * An entry of an append-only numbered log (storage/numberedLog.ts): `_id` is `${scope}:${n}`, n counting from
 * 1 in each scope (a workspace). The unique `_id` is what makes two concurrent appends take different numbers.
 */
export const numberedEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
    /** What the log holds: a key's hash (api_key_slots), an audit record, a group of decisions (decision_feed). */
    entry: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);

/** The highest number known to be taken in one log's scope, `_id` `${log}:${scope}`: a hint, readers probe on. */
export const logHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    n: { type: Number, required: true },
  },
  { versionKey: false },
);

export function registerNumberedLogModels(connection: Connection) {
  return {
    apiKeySlots: connection.model('ApiKeySlot', numberedEntrySchema, 'api_key_slots'),
    auditEntries: connection.model('AuditEntry', numberedEntrySchema, 'audit_entries'),
    decisionFeed: connection.model('DecisionFeedEntry', numberedEntrySchema, 'decision_feed'),
    logHeads: connection.model('LogHead', logHeadSchema, 'log_heads'),
  };
}

export type NumberedLogModels = ReturnType<typeof registerNumberedLogModels>;
