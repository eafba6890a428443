import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';

/**
 * One published policy version, never changed after it is written. `_id` is `${workspace}:${version}`
 * (policyVersionKey in storage/policyStore.ts): its uniqueness is how two concurrent publishers learn that
 * they picked the same number.
 */
export const policyVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    version: { type: Number, required: true },
    /** The whole PolicyDocument, `version` included, exactly as validated. */
    document: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String },
  },
  { versionKey: false, minimize: false },
);

/**
 * The workspace's current version, copied whole so that reading the policy is one `_id` lookup (the only
 * filter FerretDB serves without a scan). `_id` is the workspace. No head means the default policy.
 */
export const policyHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    document: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export function registerPolicyModels(connection: Connection) {
  return {
    policies: connection.model('Policy', policyVersionSchema, 'policies'),
    policyHeads: connection.model('PolicyHead', policyHeadSchema, 'policy_heads'),
  };
}

/** What the policy store needs; the full `Models` of storage/models satisfies it once registered there. */
export type PolicyModels = ReturnType<typeof registerPolicyModels>;
