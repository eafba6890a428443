// The workflow bundle of the workflow tests: every workflow the worker runs, and a stand-in for the customer
// workflow where a test runs a journey alone. Workflow code: deterministic, no I/O (as workflows/).
import { condition, setHandler } from '@temporalio/workflow';
import type { JourneyEnded } from '../../../domain/journeys/journeysState';
import { journeyEndedSignal } from '../../../workflows/customer/messages';

export * from '../../../workflows';

/**
 * Stands in for the customer workflow as a journey's parent: the journey reports its end to
 * `customerWorkflowId`, and this answers the notice it received, as the customer workflow would apply it.
 */
export async function journeyEndListener(): Promise<JourneyEnded> {
  let ended: JourneyEnded | undefined;
  setHandler(journeyEndedSignal, (notice) => {
    ended ??= notice;
  });
  await condition(() => ended !== undefined);
  return ended!;
}
