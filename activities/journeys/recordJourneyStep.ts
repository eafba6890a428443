import { appendToCustomerList } from '../../storage/customerLists';
import { encodeFreeForm } from '../../storage/freeForm';
import type { KeyedDocument } from '../../storage/insertNew';
import { insertOneNew } from '../../storage/insertNew';
import type { Models } from '../../storage/models';
import type { JourneyStepRecord } from '../../domain/journeys/journeyStepRecord';
import { storeWrite } from '../../storage/writeFailure';

/**
 * The `recordJourneyStep` activity: mirrors a journey step to MongoDB, append-only under (journeyId, seq) —
 * a retry finds it written (storage/README.md) — then lists it in the customer's list of journey steps
 * (storage/customerLists.ts) for the timeline. A write storage refuses for good fails as non-retryable
 * STORE_WRITE_REFUSED.
 */
export function createRecordJourneyStep(models: Pick<Models, 'journeySteps' | 'customerLists'>) {
  const steps = models.journeySteps.collection as unknown as Parameters<typeof insertOneNew>[0];
  return async function recordJourneyStep(record: JourneyStepRecord): Promise<void> {
    const _id = `${record.journeyId}:${record.seq}`;
    await storeWrite(`Journey step ${_id}`, () =>
      insertOneNew(steps, {
        _id,
        workspace: record.workspace,
        customerId: record.customerId,
        journeyId: record.journeyId,
        journey: record.journey,
        seq: record.seq,
        step: record.step,
        at: new Date(record.at),
        // Journeys are code anyone may write: their details are free-form (storage/freeForm.ts).
        detail: encodeFreeForm(record.detail ?? {}),
      } satisfies KeyedDocument),
    );
    await storeWrite(`List of journey steps of customer ${record.customerId}`, () =>
      appendToCustomerList(models, 'journeySteps', record.workspace, record.customerId, [_id]),
    );
  };
}
