import type { CustomerView } from '../domain/customer/customerView';
import type { EventChannel, EventType } from '../domain/events/eventTypes';
import type { SentimentLabel } from '../domain/sentiment/sentimentResult';
import { customerKey, eventKey } from '../storage/documentKeys';
import type { Models } from '../storage/models';
import { inBatches } from '../storage/inBatches';
import { withBusyRetry } from '../storage/withBusyRetry';

/** What one processed event adds to the events read model. Text stays out: the API stored it already. */
export interface ProcessedEvent {
  eventId: string;
  type: EventType;
  channel: EventChannel;
  occurredAt: string;
  receivedAt: string;
  score?: number;
  label?: SentimentLabel;
}

export interface CustomerProjection {
  workspace: string;
  customerId: string;
  view: CustomerView;
  atRisk: boolean;
  events: ProcessedEvent[];
  processedAt: string;
}

/**
 * Mirrors the workflow's view of the customer into MongoDB. Idempotent: events are upserted by key, and
 * the customer document only moves forward by version.
 */
export function createProjectCustomer(models: Models) {
  return async function projectCustomer(projection: CustomerProjection): Promise<void> {
    const { workspace, customerId, view } = projection;
    await inBatches(projection.events, (events) =>
      withBusyRetry(() =>
        models.events.bulkWrite(
          events.map((event) => ({
            updateOne: {
              filter: { _id: eventKey(workspace, event.eventId) },
              update: {
                $set: {
                  ...(event.score !== undefined && event.label !== undefined
                    ? { score: event.score, label: event.label }
                    : {}),
                  ...timeBuckets(event.occurredAt),
                  processedAt: new Date(projection.processedAt),
                },
                $setOnInsert: {
                  workspace,
                  eventId: event.eventId,
                  customerId,
                  type: event.type,
                  channel: event.channel,
                  occurredAt: new Date(event.occurredAt),
                  receivedAt: new Date(event.receivedAt),
                  properties: {},
                },
              },
              upsert: true,
            },
          })),
          { ordered: false },
        ),
      ),
    );
    // Only move forward: a retried or late projection never overwrites a newer one. Read-then-write on _id
    // alone (see storage/documentKeys.ts); the workflow runs one projection per customer at a time.
    const _id = customerKey(workspace, customerId);
    const current = await models.customers.findById(_id, { version: 1 }).lean();
    if (current && current.version >= view.version) return;
    await withBusyRetry(() =>
      models.customers.updateOne(
        { _id },
        {
          $set: {
            workspace,
            customerId,
            version: view.version,
            traits: view.traits,
            sentiment: view.sentiment,
            openCases: view.openCases,
            activeJourneys: view.activeJourneys,
            journeys: view.journeys,
            consent: view.consent,
            counts: view.counts,
            atRisk: projection.atRisk,
            lastEventAt: view.lastEventAt ? new Date(view.lastEventAt) : undefined,
            updatedAt: new Date(projection.processedAt),
          },
        },
        { upsert: true },
      ),
    );
  };
}

/**
 * Time buckets stored at write time, so net sentiment per hour or day is a plain $group on (bucket, label)
 * — no $dateTrunc, which FerretDB lacks, and cheaper on MongoDB too. Buckets are UTC.
 */
export function timeBuckets(occurredAt: string): { bucketHour: string; bucketDay: string } {
  const iso = new Date(occurredAt).toISOString();
  return { bucketHour: `${iso.slice(0, 13)}:00Z`, bucketDay: iso.slice(0, 10) };
}
