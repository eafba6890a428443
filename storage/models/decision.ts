import { Schema } from 'mongoose';

/**
 * Every decision ever made, with its reason, policy version and the inputs that mattered — the complete
 * record behind the workflow's bounded one. A scheduled message decided again at send time adds a document.
 */
export const decisionSchema = new Schema(
  {
    /** `${messageId}:${decidedAt}:${trigger}`: a retried mirror write lands on the same document. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    customerId: { type: String, required: true },
    messageId: { type: String, required: true },
    requestId: { type: String, required: true },
    decision: { type: String, required: true },
    reason: { type: String, required: true },
    trigger: { type: String, required: true },
    channel: { type: String, required: true },
    category: { type: String, required: true },
    campaign: { type: String },
    priority: { type: Number, required: true },
    decidedAt: { type: Date, required: true },
    scheduledFor: { type: Date },
    policyVersion: { type: Number, required: true },
    inputs: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
decisionSchema.index({ workspace: 1, customerId: 1, decidedAt: 1 });
