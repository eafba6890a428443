import { Schema } from 'mongoose';

/**
 * One customer's ids of one kind of document (storage/customerLists.ts): what lets the per-customer read
 * routes fetch a customer's documents by `_id` instead of filtering a whole collection by customer, which
 * FerretDB v1 answers by reading every document of it.
 */
export const customerListSchema = new Schema(
  {
    /** customerListKey(kind, workspace, customerId). */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    customerId: { type: String, required: true },
    kind: { type: String, enum: ['messages', 'events', 'decisions', 'journeySteps'], required: true },
    /** `_id`s of the kind's documents, in the order they were appended. */
    ids: { type: [String], default: [] },
  },
  { versionKey: false },
);
