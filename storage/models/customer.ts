import { Schema } from 'mongoose';

/**
 * The customer read model: the latest view the customer's workflow projected. Never the authority for a
 * decision — the workflow is. `version` only grows, so a late retry of an older projection cannot win.
 */
export const customerSchema = new Schema(
  {
    /** customerKey(workspace, customerId). */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    customerId: { type: String, required: true },
    version: { type: Number, required: true },
    traits: { type: Schema.Types.Mixed, default: {} },
    sentiment: { type: Schema.Types.Mixed, required: true },
    openCases: { type: [Schema.Types.Mixed], default: [] },
    activeJourneys: { type: [String], default: [] },
    journeys: { type: [Schema.Types.Mixed], default: [] },
    consent: { type: Schema.Types.Mixed, default: {} },
    counts: { type: Schema.Types.Mixed, default: {} },
    /** Engagement's effects (domain/customer/engagement.ts); absent when there are none. */
    unreachable: { type: Schema.Types.Mixed },
    categoryConsent: { type: Schema.Types.Mixed },
    atRisk: { type: Boolean, default: false },
    /** The newest negative topic mentions (domain/customer/customerState.ts, NegativeTopic); absent when none. */
    negativeTopics: { type: Schema.Types.Mixed },
    /** Holdout groups (domain/holdout/customerGroups.ts); absent from documents projected before holdouts. */
    groups: { type: Schema.Types.Mixed },
    lastEventAt: { type: Date },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
customerSchema.index({ workspace: 1, atRisk: 1 });
