import { Schema } from 'mongoose';
import { ROLES } from '../../domain/access/roles';

/**
 * An API key, stored under its SHA-256 only: a database dump does not leak working keys. Authentication reads
 * it by `_id` (the hash); the workspace's list of keys is the log `api_key_slots` (storage/apiKeyStore.ts).
 */
export const apiKeySchema = new Schema(
  {
    /** The key's SHA-256, hex. */
    _id: { type: String, required: true },
    /** The public id (`key_…`), what the API lists and revokes by. Absent on keys stored before it existed. */
    id: { type: String },
    workspace: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    name: { type: String, required: true },
    /** The visible start of the key (`tutti_ingest_Ab12Cd`), so people can tell keys apart; not a secret. */
    prefix: { type: String },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date },
    revokedAt: { type: Date },
    /** Set once the key is in its workspace's list. */
    listed: { type: Boolean },
  },
  { versionKey: false },
);
