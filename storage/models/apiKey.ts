import { Schema } from 'mongoose';

/** An API key, stored as its SHA-256 only: a database dump does not leak working keys. */
export const apiKeySchema = new Schema(
  {
    /** The key's SHA-256, hex. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    role: { type: String, enum: ['admin', 'member'], required: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
