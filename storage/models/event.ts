import { Schema } from 'mongoose';

/**
 * Every event Tutti accepted, unique per workspace and event id. The API writes the receipt (with the text)
 * before it signals the workflow; the workflow's projection adds the sentiment and `processedAt`.
 */
export const eventSchema = new Schema(
  {
    /** eventKey(workspace, eventId): unique, and the only filter FerretDB serves without a scan. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    eventId: { type: String, required: true },
    customerId: { type: String, required: true },
    type: { type: String, required: true },
    channel: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    text: { type: String },
    properties: { type: Schema.Types.Mixed, default: {} },
    score: { type: Number },
    label: { type: String },
    processedAt: { type: Date },
    /** UTC hour ("2026-11-22T20:00Z") and day ("2026-11-22") of occurredAt, for $group without date operators. */
    bucketHour: { type: String },
    bucketDay: { type: String },
  },
  { versionKey: false, minimize: false },
);
eventSchema.index({ workspace: 1, customerId: 1, occurredAt: -1 });
eventSchema.index({ workspace: 1, occurredAt: 1 });
