import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';

/**
 * Team alerts (e.g. "service case opened"), `_id` = the alertId the workflow made, so a retried alert finds
 * the earlier attempt. Always written; with no alert webhook configured it is the destination.
 */
export const alertSchema = new Schema(
  {
    /** The alertId: unique, and the only filter FerretDB serves without a scan. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    customerId: { type: String, required: true },
    title: { type: String, required: true },
    text: { type: String, required: true },
    caseId: { type: String },
    severity: { type: String, enum: ['info', 'warning', 'critical'], required: true },
    link: { type: String },
    /** What it is about (topic names, most important first) and the team (policy `teams`) it went to. */
    topics: { type: [String], default: undefined },
    team: { type: String },
    status: { type: String, enum: ['pending', 'delivered', 'failed'], required: true },
    adapter: { type: String, enum: ['alerts', 'webhook'], required: true },
    attempts: { type: Number, required: true },
    lastError: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    deliveredAt: { type: Date },
  },
  { versionKey: false, minimize: false },
);
alertSchema.index({ workspace: 1, createdAt: -1 });

export const ALERT_MODEL = 'TeamAlert';

export function alertModel(connection: Connection) {
  return connection.model(ALERT_MODEL, alertSchema, 'alerts');
}

export type AlertModel = ReturnType<typeof alertModel>;
