import { Schema } from 'mongoose';

/**
 * What journeys did, step by step (entered, waited, asked the ledger, alerted the team, escalated, ended),
 * for the customer's timeline. Written by the journey's own `recordJourneyStep` activity.
 */
export const journeyStepSchema = new Schema(
  {
    /** `${journeyId}:${seq}`: a retried write lands on the same document. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    customerId: { type: String, required: true },
    journeyId: { type: String, required: true },
    journey: { type: String, required: true },
    seq: { type: Number, required: true },
    step: { type: String, required: true },
    at: { type: Date, required: true },
    detail: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
journeyStepSchema.index({ workspace: 1, customerId: 1, at: 1 });
