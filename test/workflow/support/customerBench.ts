import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { OutboundMessage } from '../../../activities/delivery/outboundMessage';
import { createRequestCustomerContact } from '../../../activities/journeys/requestCustomerContact';
import type { CustomerProjection } from '../../../activities/projectCustomer';
import type { ContactRequest } from '../../../domain/contact';
import type { ContactAnswer, DecisionRecord } from '../../../domain/contact';
import type { CounterBatch } from '../../../domain/reports/reportCounters';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import type { EngagementRecord } from '../../../domain/events/engagement';
import type { JourneyStepRecord } from '../../../domain/journeys/journeyStepRecord';
import { policyInForce } from '../../../activities/policy/currentPolicy';
import { createScoreSentiment } from '../../../activities/scoreSentiment';
import type { PolicyDocument } from '../../../domain/policy';
import { temporalCliPath } from '../../../dev/tools';
import type { customerWorkflow } from '../../../workflows/customer/customerWorkflow';
import type { CustomerStateAnswer } from '../../../workflows/customer/messages';
import {
  CUSTOMER_WORKFLOW_TYPE,
  customerStateQuery,
  customerWorkflowId,
  ingestEventsSignal,
  requestContactUpdate,
} from '../../../workflows/customer/messages';
import { customerSearchAttributeKeys } from '../../../workflows/customer/searchAttributes';
import { perFile } from './perFile';
import type { WorkspaceProfile } from '../../../domain/personalization/workspaceProfile';
import { uniformWorkspaceProfile } from '../../../domain/personalization/workspaceProfile';
import { journeyRecorders, runStubbedWorker, stubActivities } from './stubbedWorker';

const TASK_QUEUE = 'customers';

/**
 * A test file's customer bench: the project's Temporal dev server (the CLI from .tools/, never a download;
 * a real clock: it does not skip time) and a worker running the real customer workflow with no MongoDB. The
 * policy comes from the test, the read model and deliveries are kept in memory, and journeys the customer
 * enters run for real, their messages asking this customer's ledger through the real Update.
 */
export interface CustomerBench {
  /** A new customer, in a workspace of its own whose policy is `policy`. */
  customer(options: {
    policy: PolicyDocument;
    continueAsNewAfterHistoryLength?: number;
    /** What the workspace's engagement counters say (the prior of "optimal"); every hour alike by default. */
    workspaceProfile?: WorkspaceProfile;
  }): Promise<TestCustomer>;
}

export interface TestCustomer {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof customerWorkflow>;
  /** Events about the customer, as the API signals them. */
  sends(...events: CustomerEvent[]): Promise<void>;
  /** A contact request, as the API asks it (the Update every sender goes through). */
  asks(request: ContactRequest): Promise<ContactAnswer>;
  state(): Promise<CustomerStateAnswer>;
  /** Messages handed to delivery so far. */
  deliveries(): OutboundMessage[];
  /** Decisions mirrored so far (recordDecisions), in order. */
  decisions(): DecisionRecord[];
  /** Engagement mirrored so far onto the ledger rows (recordDecisions), in order. */
  engagements(): EngagementRecord[];
  /** The read model's latest write (projectCustomer). */
  projection(): CustomerProjection | undefined;
  /** Every event the read model was given (projectCustomer), in order. */
  processedEvents(): CustomerProjection['events'];
  /** The report counter batches written (countReports), in order. */
  counterBatches(): CounterBatch[];
  journeySteps(): JourneyStepRecord[];
}

/** The calling file's bench: started before its first test, closed after its last. */
export function customerBench(): CustomerBench {
  const server = perFile(startServer);
  return { customer: async (options) => newCustomer(await server(), options) };
}

interface Server {
  env: TestWorkflowEnvironment;
  /** The policy of each workspace (each customer has one of its own). */
  policies: Map<string, PolicyDocument>;
  workspaceProfiles: Map<string, WorkspaceProfile>;
  deliveries: OutboundMessage[];
  decisions: (DecisionRecord & { customerId: string })[];
  engagements: (EngagementRecord & { customerId: string })[];
  projections: CustomerProjection[];
  journeySteps: JourneyStepRecord[];
  counterBatches: CounterBatch[];
  customers: number;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const policies = new Map<string, PolicyDocument>();
  const workspaceProfiles = new Map<string, WorkspaceProfile>();
  const deliveries: OutboundMessage[] = [];
  const decisions: Server['decisions'] = [];
  const engagements: Server['engagements'] = [];
  const projections: CustomerProjection[] = [];
  const journeySteps: JourneyStepRecord[] = [];
  const counterBatches: CounterBatch[] = [];
  const { env, close } = await runStubbedWorker(
    () =>
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: temporalCliPath() },
          searchAttributes: [...customerSearchAttributeKeys],
          log: { format: 'pretty', level: 'error' },
        },
      }),
    TASK_QUEUE,
    (env) =>
      stubActivities({
        ...journeyRecorders(journeySteps, []),
        // As the worker does: workflows get the policy without its taxonomy, which the scorer reads itself.
        currentPolicy(workspace) {
          const policy = policies.get(workspace);
          return policy
            ? Promise.resolve(policyInForce(policy))
            : Promise.reject(new Error(`No policy for ${workspace}`));
        },
        scoreSentiment: createScoreSentiment((workspace) => {
          const policy = policies.get(workspace);
          return policy ? Promise.resolve(policy) : Promise.reject(new Error(`No policy for ${workspace}`));
        }),
        projectCustomer(projection) {
          projections.push(projection);
          return Promise.resolve();
        },
        recordDecisions(batch) {
          decisions.push(...batch.records.map((r) => ({ ...r, customerId: batch.customerId })));
          engagements.push(...(batch.engagements ?? []).map((e) => ({ ...e, customerId: batch.customerId })));
          return Promise.resolve();
        },
        readWorkspaceEngagement({ workspace }) {
          return Promise.resolve(workspaceProfiles.get(workspace) ?? uniformWorkspaceProfile());
        },
        countReports(batch) {
          counterBatches.push(batch);
          return Promise.resolve();
        },
        deliverMessage(message) {
          deliveries.push(message);
          return Promise.resolve({
            messageId: message.messageId,
            adapter: 'outbox',
            status: 'delivered',
            deliveredAt: new Date().toISOString(),
          });
        },
        // No MongoDB in it: the real activity, the Update on this server.
        requestCustomerContact: createRequestCustomerContact(env.client),
      }),
  );
  return {
    env,
    policies,
    workspaceProfiles,
    deliveries,
    decisions,
    engagements,
    projections,
    journeySteps,
    counterBatches,
    customers: 0,
    close,
  };
}

async function newCustomer(
  server: Server,
  { policy, continueAsNewAfterHistoryLength, workspaceProfile }: Parameters<CustomerBench['customer']>[0],
): Promise<TestCustomer> {
  const n = ++server.customers;
  const workspace = `w${n}`;
  const customerId = `c${n}`;
  server.policies.set(workspace, policy);
  if (workspaceProfile) server.workspaceProfiles.set(workspace, workspaceProfile);
  const handle = await server.env.client.workflow.start<typeof customerWorkflow>(CUSTOMER_WORKFLOW_TYPE, {
    workflowId: customerWorkflowId(workspace, customerId),
    taskQueue: TASK_QUEUE,
    args: [{ workspace, customerId, continueAsNewAfterHistoryLength }],
  });
  const own = <T extends { customerId: string }>(list: T[]) =>
    list.filter((x) => x.customerId === customerId);
  return {
    handle,
    sends: (...events) =>
      handle.signal(
        ingestEventsSignal,
        events.map((e) => ({ ...e, customerId })),
      ),
    asks: (request) => handle.executeUpdate(requestContactUpdate, { args: [request] }),
    state: () => handle.query(customerStateQuery),
    deliveries: () => own(server.deliveries),
    decisions: () => own(server.decisions),
    engagements: () => own(server.engagements),
    projection: () => own(server.projections).at(-1),
    processedEvents: () => own(server.projections).flatMap((p) => p.events),
    counterBatches: () => own(server.counterBatches),
    journeySteps: () => own(server.journeySteps),
  };
}
