import { Schema } from 'mongoose';

/**
 * Every event Tutti accepted, unique per workspace and event id: the receipt the API writes (with the text)
 * before it signals the workflow, never changed afterwards. What the workflow made of the event is in
 * `processed_events` (models/processedEvent.ts).
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
    /** The client's object, or its JSON text when storage cannot hold it as it is (storage/freeForm.ts). */
    properties: { type: Schema.Types.Mixed, default: {} },
    // Receipts written before processed_events existed: the projection added these to the receipt itself.
    score: { type: Number },
    label: { type: String },
    processedAt: { type: Date },
    bucketHour: { type: String },
    bucketDay: { type: String },
  },
  { versionKey: false, minimize: false },
);
eventSchema.index({ workspace: 1, customerId: 1, occurredAt: -1 });
eventSchema.index({ workspace: 1, occurredAt: 1 });
