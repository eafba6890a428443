/**
 * The customer workflow's contract: every signal, query and update it answers, the input it starts with, its
 * type name and its workflow id. A leaf module: the API, activities and scripts import this file, never the
 * workflow itself (whose code only the worker loads, inside its sandbox).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ContactAnswer, ContactRequest } from '../../domain/contact';
import type { CarriedLedgerInput } from '../../domain/contact/carriedLedger';
import type { CustomerState } from '../../domain/customer/customerState';
import type { CustomerView } from '../../domain/customer/customerView';
import type { EngagementProfile } from '../../domain/personalization/engagementProfile';
import type { ReportState } from '../../domain/reports/reportState';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import type { JourneyEnded } from '../../domain/journeys/journeysState';

/** The workflow type the worker registers (the exported function in customerWorkflow.ts). */
export const CUSTOMER_WORKFLOW_TYPE = 'customerWorkflow';

/** Ops find a customer's workflow by this id in the Temporal UI (docs/DESIGN.md, Ops). */
export function customerWorkflowId(workspace: string, customerId: string): string {
  return `customer:${workspace}:${customerId}`;
}

export interface CustomerWorkflowInput {
  workspace: string;
  customerId: string;
  /**
   * Carried across continue-as-new: the state, the events that arrived but were not yet applied, the ledger,
   * what the reports still need to count this customer (absent in runs from before report counters), and what
   * the customer's engagement says about their channels and hours (absent in runs from before "auto"). The
   * ledger in its compact form (domain/contact/carriedLedger.ts), or as it is in memory from runs before it.
   */
  carried?: {
    state: CustomerState;
    pending: CustomerEvent[];
    ledger: CarriedLedgerInput;
    reports?: ReportState;
    engagement?: EngagementProfile;
  };
  /**
   * Continue-as-new once history reaches this many events, even if Temporal has not suggested it yet.
   * Small values let tests exercise continue-as-new; production leaves it to Temporal's suggestion.
   */
  continueAsNewAfterHistoryLength?: number;
}

/** Events for this customer, in the order the API received them. Duplicates are ignored by id. */
export const ingestEventsSignal = defineSignal<[CustomerEvent[]]>('ingestEvents');

/**
 * A journey reports how it ended. The customer workflow forgets it as active and, unless it completed,
 * withdraws the messages it had scheduled.
 */
export const journeyEndedSignal = defineSignal<[JourneyEnded]>('journeyEnded');

/** The customer as the workflow sees it right now, and how its read model mirror is doing. */
export const customerStateQuery = defineQuery<CustomerStateAnswer>('state');

export interface CustomerStateAnswer extends CustomerView {
  /** Read-model writes that failed for good (non-retryable) in this run: logged, and shown here to ops. */
  readModel?: { projectionFailures: WriteFailureSummary; decisionMirrorFailures: WriteFailureSummary };
}

/** Writes of one kind that failed for good in this run. */
export interface WriteFailureSummary {
  count: number;
  last?: { at: string; error: string };
}

/**
 * The orchestration gate: may this message go out now, later, or never? Every outbound message — from a
 * journey, a campaign, anything — asks here, so the ledger has a single writer. The same request id gets
 * the same answer.
 */
export const requestContactUpdate = defineUpdate<ContactAnswer, [ContactRequest, ContactRequestContext?]>(
  'requestContact',
);

/** What the caller knows beside the request itself. */
export interface ContactRequestContext {
  /**
   * The policy version the caller read as current (the API reads it for every request). A workflow or worker
   * holding an older one reads again first, so a `PUT /v1/policy` is in force for the very next request.
   */
  policyVersion?: number;
}
