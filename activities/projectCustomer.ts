import type { CustomerView } from '../domain/customer/customerView';
import type { ProcessedEvent } from '../domain/events/processedEvent';
import { writeAtRiskMembership } from '../storage/atRiskSet';
import { appendToCustomerList } from '../storage/customerLists';
import { customerKey, eventKey } from '../storage/documentKeys';
import { encodeFreeForm } from '../storage/freeForm';
import type { KeyedDocument } from '../storage/insertNew';
import { insertNew } from '../storage/insertNew';
import type { Models } from '../storage/models';
import { withDuplicateRetry } from '../storage/withDuplicateRetry';
import { storeWrite } from '../storage/writeFailure';

export interface CustomerProjection {
  workspace: string;
  customerId: string;
  view: CustomerView;
  atRisk: boolean;
  events: ProcessedEvent[];
  processedAt: string;
}

/**
 * Mirrors the workflow's view of the customer into MongoDB. Idempotent, and within the write rule of
 * storage/README.md: what the workflow made of each event is appended (one insert for the whole round,
 * already-written events skipped) and listed in the customer's list of events (storage/customerLists.ts) for
 * the timeline, and the customer document is one single-statement update that only moves forward by version,
 * preceded, for a customer at risk or leaving it, by their membership of the workspace's at-risk set
 * (storage/atRiskSet.ts).
 * A write storage refuses for good fails as non-retryable STORE_WRITE_REFUSED.
 */
export function createProjectCustomer(models: Models) {
  const processedEvents = models.processedEvents.collection as unknown as Parameters<typeof insertNew>[0];

  return async function projectCustomer(projection: CustomerProjection): Promise<void> {
    const { workspace, customerId, view } = projection;
    const processedAt = new Date(projection.processedAt);
    await storeWrite(`Processed events of customer ${customerId}`, () =>
      insertNew(
        processedEvents,
        projection.events.map((event): KeyedDocument => ({
          _id: eventKey(workspace, event.eventId),
          workspace,
          eventId: event.eventId,
          customerId,
          type: event.type,
          channel: event.channel,
          occurredAt: new Date(event.occurredAt),
          receivedAt: new Date(event.receivedAt),
          ...(event.score !== undefined && event.label !== undefined
            ? { score: event.score, label: event.label }
            : {}),
          ...(event.engagement ? { engagement: encodeFreeForm(event.engagement) } : {}),
          ...(event.conversions ? { conversions: event.conversions } : {}),
          ...(event.topics ? { topics: event.topics } : {}),
          processedAt,
          ...timeBuckets(event.occurredAt),
        })),
      ),
    );
    // The projection is the one writer of this list, in processing order: the timeline shows an event once
    // it is processed (its receipt, written by the API before, is not listed until then). Before the customer
    // document, so a client that sees an event counted there finds it in the timeline.
    await storeWrite(`List of events of customer ${customerId}`, () =>
      appendToCustomerList(
        models,
        'events',
        workspace,
        customerId,
        projection.events.map((event) => eventKey(workspace, event.eventId)),
      ),
    );

    // Only move forward: a retried or late projection never overwrites a newer one. Read-then-write on _id
    // alone (see storage/documentKeys.ts); the workflow runs one projection per customer at a time.
    const _id = customerKey(workspace, customerId);
    const document = () => ({
      workspace,
      customerId,
      version: view.version,
      traits: encodeFreeForm(view.traits),
      sentiment: view.sentiment,
      openCases: view.openCases,
      activeJourneys: view.activeJourneys,
      journeys: view.journeys,
      consent: view.consent,
      // Always written (null when none: mongoose drops undefined), so an effect lifted since goes too.
      categoryConsent: view.categoryConsent ?? null,
      unreachable: view.unreachable ?? null,
      negativeTopics: view.negativeTopics ?? null,
      counts: view.counts,
      groups: view.groups,
      atRisk: projection.atRisk,
      lastEventAt: view.lastEventAt ? new Date(view.lastEventAt) : undefined,
      updatedAt: processedAt,
    });
    await storeWrite(`Read model of customer ${customerId} (version ${view.version})`, () =>
      // Two attempts creating the first document at once: FerretDB answers the loser E11000, and comparing
      // again finds the winner's version.
      withDuplicateRetry(async () => {
        const current = await models.customers.findById(_id, { version: 1, atRisk: 1 }).lean();
        if (current && current.version > view.version) return;
        // The at-risk set (storage/atRiskSet.ts) before the document: once the document has this version, the
        // set has it too, so a retry that finds the document written (version equal) only repeats this write.
        // A customer at risk moves to their latest event; one leaving is taken out; anyone else costs nothing.
        if (projection.atRisk || current?.atRisk === true) {
          await writeAtRiskMembership(
            models,
            workspace,
            customerId,
            projection.atRisk ? { lastEventAt: view.lastEventAt ? Date.parse(view.lastEventAt) : 0 } : null,
          );
        }
        if (current && current.version >= view.version) return;
        await models.customers.updateOne({ _id }, { $set: document() }, { upsert: true });
      }),
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
