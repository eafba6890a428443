import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';

/**
 * The outbox: one document per outbound message, `_id` = the messageId the customer workflow made. The
 * unique `_id` is what makes a retried delivery find the earlier attempt; the document is the delivery log,
 * and — with no adapter configured — the delivery itself (readers poll it).
 */
export const outboxSchema = new Schema(
  {
    /** The messageId: unique, and the only filter FerretDB serves without a scan. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    customerId: { type: String, required: true },
    requestId: { type: String, required: true },
    channel: { type: String, enum: ['email', 'sms', 'push', 'webhook'], required: true },
    category: { type: String, required: true },
    campaign: { type: String },
    priority: { type: Number, required: true },
    content: { type: Schema.Types.Mixed, default: {} },
    recipient: { type: Schema.Types.Mixed, default: {} },
    decidedAt: { type: Date, required: true },
    /** pending until an adapter accepted it; failed once an adapter refused it for good. */
    status: { type: String, enum: ['pending', 'delivered', 'failed'], required: true },
    /** The adapter of the latest attempt (configuration can change between attempts). */
    adapter: { type: String, enum: ['outbox', 'webhook', 'smtp'], required: true },
    attempts: { type: Number, required: true },
    lastError: { type: String },
    providerMessageId: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    deliveredAt: { type: Date },
  },
  { versionKey: false, minimize: false },
);
// GET /v1/customers/{id}/outbox, newest first. FerretDB scans regardless; MongoDB serves it from here.
outboxSchema.index({ workspace: 1, customerId: 1, createdAt: -1 });

export const OUTBOX_MODEL = 'OutboxMessage';

export function outboxModel(connection: Connection) {
  return connection.model(OUTBOX_MODEL, outboxSchema, 'outbox');
}

export type OutboxModel = ReturnType<typeof outboxModel>;
