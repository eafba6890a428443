import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { log, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { TASK_PRIORITY } from '../../domain/contact/taskPriority';
import type { CustomerState } from '../../domain/customer/customerState';
import type { JourneyStart } from '../../domain/journeys/decideJourneyStarts';
import { endJourney, renumberJourney } from '../../domain/journeys/journeysState';
import type { JourneyInput } from '../journeys/messages';
import { CustomerIdKey, WorkspaceKey } from './searchAttributes';

/** Run numbers tried when a journey id turns out to be taken, before giving up on that start. */
const MAX_JOURNEY_ID_ATTEMPTS = 20;

/**
 * Starts a journey as a child workflow of the customer workflow, with parent-close policy ABANDON: it
 * outlives the customer run that started it (continue-as-new), and reaches the ledger through the Update like
 * any other sender. Answers the customer's state, changed only if the journey had to take another run number.
 */
export async function startJourneyChild(
  customer: { workspace: string; customerId: string },
  current: CustomerState,
  start: JourneyStart,
): Promise<CustomerState> {
  let next = current;
  let { journey } = start;
  for (let attempt = 1; ; attempt++) {
    const journeyInput: JourneyInput = {
      workspace: customer.workspace,
      customerId: customer.customerId,
      customerWorkflowId: workflowInfo().workflowId,
      journeyId: journey.journeyId,
      name: journey.name,
      run: journey.run,
      startedAt: journey.startedAt,
      trigger: start.trigger,
      triggeredBy: journey.triggeredBy,
      settings: start.settings,
      policyVersion: start.policyVersion,
      traits: next.traits,
      ...(journey.arm !== undefined ? { arm: journey.arm } : {}),
    };
    try {
      await startChild(start.workflowType, {
        workflowId: journey.journeyId,
        args: [journeyInput],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A journey id names one run, ever: its alerts, steps and request ids derive from it.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        // Its workflow tasks and activities (asking the ledger, alerting a team) queue by its class: a
        // complaint's recovery goes ahead of a campaign when workers are behind.
        priority: { priorityKey: TASK_PRIORITY[start.work] },
        typedSearchAttributes: [
          { key: CustomerIdKey, value: customer.customerId },
          { key: WorkspaceKey, value: customer.workspace },
        ],
      });
      return next;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      // The id was used before (this customer workflow was reset, or started over after being terminated):
      // take the next run number rather than run under someone else's id.
      log.warn('journey id already used', { journeyId: journey.journeyId });
      const renumbered = renumberJourney(next.journeys, journey, customer);
      next = { ...next, journeys: renumbered.journeys, version: next.version + 1 };
      journey = renumbered.journey;
      if (attempt >= MAX_JOURNEY_ID_ATTEMPTS) {
        log.error('journey not started: no free id', { journey: journey.name });
        return { ...next, journeys: endJourney(next.journeys, journey) };
      }
    }
  }
}
