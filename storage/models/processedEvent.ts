import { Schema } from 'mongoose';

/**
 * What the customer's workflow made of each event it applied: the sentiment it scored and the time buckets
 * the metrics group by. Written once per event by the projection (activities/projectCustomer.ts), append-only
 * under the receipt's own key, and never changed: the existence of this document is what "processed" means
 * (the API re-signals a duplicate whose event has none). Kept apart from the receipt because adding these
 * fields to it would be an update per event — on FerretDB, one SQLite transaction each, some 50–120 a second
 * on 2 cores — where one insert of a whole round is one transaction (storage/README.md).
 *
 * Documents written before this collection existed carry these fields on the receipt itself (`events`);
 * readers look there too.
 */
export const processedEventSchema = new Schema(
  {
    /** eventKey(workspace, eventId), as the receipt's. */
    _id: { type: String, required: true },
    workspace: { type: String, required: true },
    eventId: { type: String, required: true },
    customerId: { type: String, required: true },
    type: { type: String, required: true },
    channel: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    score: { type: Number },
    label: { type: String },
    processedAt: { type: Date, required: true },
    /** UTC hour ("2026-11-22T20:00Z") and day ("2026-11-22") of occurredAt, for $group without date operators. */
    bucketHour: { type: String, required: true },
    bucketDay: { type: String, required: true },
    /** An engagement event: its message, action and flags (domain/events/engagement.ts, EngagementRecord). */
    engagement: { type: Schema.Types.Mixed },
    /** A goal event: the cohorts it converted (domain/reports/conversion.ts). */
    conversions: { type: Schema.Types.Mixed },
    /** A spoken event: the topics it mentions, each with its clause's sentiment ([{ name, score }]). */
    topics: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
processedEventSchema.index({ workspace: 1, customerId: 1, occurredAt: -1 });
processedEventSchema.index({ workspace: 1, occurredAt: 1 });
