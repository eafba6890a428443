import { Schema } from 'mongoose';

/**
 * The customers at risk of a workspace, kept at write time (storage/atRiskSet.ts): one document per workspace
 * and shard of customers, read by `_id`, so `GET /v1/customers?atRisk=true` filters nothing.
 */
export const atRiskSetSchema = new Schema(
  {
    /** atRiskSetKey(workspace, shard): `${workspace}:${shard}`. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    shard: { type: Number, required: true },
    /** Sub-object (a hex digit of the tag) → customer tag → `"<latest event, ms>|<customerId>"`. */
    m: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
