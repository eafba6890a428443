import type { Models } from '../../storage/models';
import { withDuplicateRetry } from '../../storage/withDuplicateRetry';

/** One step of a journey, as the timeline shows it. */
export interface JourneyStepRecord {
  workspace: string;
  customerId: string;
  journeyId: string;
  journey: string;
  /** Position in the journey (0-based): with journeyId, the record's key. */
  seq: number;
  /** e.g. `started`, `waiting`, `apology`, `team_alerted`, `escalated`, `exited`, `completed`, `failed`. */
  step: string;
  /** ISO-8601, the workflow's time of the step. */
  at: string;
  detail?: Record<string, unknown>;
}

/** The `recordJourneyStep` activity: mirrors a journey step to MongoDB. Idempotent by (journeyId, seq). */
export function createRecordJourneyStep(models: Pick<Models, 'journeySteps'>) {
  return async function recordJourneyStep(record: JourneyStepRecord): Promise<void> {
    await withDuplicateRetry(() =>
      models.journeySteps.updateOne(
        { _id: `${record.journeyId}:${record.seq}` },
        {
          $setOnInsert: {
            workspace: record.workspace,
            customerId: record.customerId,
            journeyId: record.journeyId,
            journey: record.journey,
            seq: record.seq,
            step: record.step,
            at: new Date(record.at),
            detail: record.detail ?? {},
          },
        },
        { upsert: true },
      ),
    );
  };
}
