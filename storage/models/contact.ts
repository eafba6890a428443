import { Schema } from 'mongoose';

/**
 * The contact ledger's mirror: one document per outbound message (its latest decision), unique by messageId
 * (`_id`) and by request id within a customer. The customer workflow is the authority; this is for reading.
 */
export const contactSchema = new Schema(
  {
    /** The messageId the workflow generated; the idempotency key of its delivery. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    customerId: { type: String, required: true },
    requestId: { type: String, required: true },
    decision: { type: String, required: true },
    reason: { type: String, required: true },
    channel: { type: String, required: true },
    category: { type: String, required: true },
    campaign: { type: String },
    priority: { type: Number, required: true },
    decidedAt: { type: Date, required: true },
    sentAt: { type: Date },
    scheduledFor: { type: Date },
    policyVersion: { type: Number, required: true },
    /**
     * What a personalized request was decided on (docs/PERSONALIZATION.md): why "auto" took its channel, why
     * "optimal" took its hour. Kept from the first decision: a later one at send time does not choose again.
     */
    channelChoice: { type: Schema.Types.Mixed },
    sendTime: { type: Schema.Types.Mixed },
    // Engagement (activities/recordEngagement.ts): the first time of each, machine opens and clicks apart.
    deliveredAt: { type: Date },
    openedAt: { type: Date },
    clickedAt: { type: Date },
    bouncedAt: { type: Date },
    /** The worst bounce: hard | soft. */
    bounce: { type: String },
    complainedAt: { type: Date },
    unsubscribedAt: { type: Date },
    machineOpenedAt: { type: Date },
    machineClickedAt: { type: Date },
  },
  { versionKey: false },
);
contactSchema.index({ workspace: 1, customerId: 1, requestId: 1 }, { unique: true });
contactSchema.index({ workspace: 1, customerId: 1, decidedAt: -1 });
