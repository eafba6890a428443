import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import type { OutboundMessage } from '../../../activities/delivery/outboundMessage';
import { createRequestCustomerContact } from '../../../activities/journeys/requestCustomerContact';
import type { CustomerProjection } from '../../../activities/projectCustomer';
import type { ContactRequest } from '../../../domain/contact';
import type { ContactAnswer, DecisionRecord } from '../../../domain/customer/contactLedger';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import type { JourneyStepRecord } from '../../../domain/journeys/journeyStepRecord';
import type { PolicyDocument } from '../../../domain/policy';
import { temporalCliPath } from '../../../platform/tools';
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
import { createWorker } from '../../../workers/createWorker';
import { installQuietRuntime } from '../../support/quietRuntime';
import { stubActivities } from './stubActivities';

/**
 * One test file's customer bench: the project's Temporal dev server (the CLI from .tools/, never a download;
 * a real clock: it does not skip time) and a worker running the real customer workflow with no MongoDB. The
 * policy comes from the test, the read model and deliveries are kept in memory, and journeys the customer
 * enters run for real, their messages asking this customer's ledger through the real Update.
 */
export interface CustomerBench {
  /** A new customer, in a workspace of its own whose policy is `policy`. */
  customer(options: {
    policy: PolicyDocument;
    continueAsNewAfterHistoryLength?: number;
  }): Promise<TestCustomer>;
  close(): Promise<void>;
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
  /** The read model's latest write (projectCustomer). */
  projection(): CustomerProjection | undefined;
  journeySteps(): JourneyStepRecord[];
}

export async function startCustomerBench(): Promise<CustomerBench> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes: [...customerSearchAttributeKeys],
      log: { format: 'pretty', level: 'error' },
    },
  });
  const policies = new Map<string, PolicyDocument>();
  const deliveries: OutboundMessage[] = [];
  const decisions: (DecisionRecord & { customerId: string })[] = [];
  const projections: CustomerProjection[] = [];
  const journeySteps: JourneyStepRecord[] = [];
  const taskQueue = 'customers';
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activityOverrides: stubActivities({
      currentPolicy(workspace) {
        const policy = policies.get(workspace);
        return policy ? Promise.resolve(policy) : Promise.reject(new Error(`No policy for ${workspace}`));
      },
      projectCustomer(projection) {
        projections.push(projection);
        return Promise.resolve();
      },
      recordDecisions(batch) {
        decisions.push(...batch.records.map((r) => ({ ...r, customerId: batch.customerId })));
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
      sendTeamAlert(alert) {
        return Promise.resolve({
          alertId: alert.alertId,
          adapter: 'alerts',
          status: 'delivered',
          deliveredAt: new Date().toISOString(),
        });
      },
      recordJourneyStep(record) {
        journeySteps.push(record);
        return Promise.resolve();
      },
      // No MongoDB in it: the real activity, the Update on this server.
      requestCustomerContact: createRequestCustomerContact(env.client),
    }),
  });
  const running = worker.run();
  let customers = 0;

  return {
    async customer({ policy, continueAsNewAfterHistoryLength }) {
      const n = ++customers;
      const workspace = `w${n}`;
      const customerId = `c${n}`;
      policies.set(workspace, policy);
      const handle = await env.client.workflow.start<typeof customerWorkflow>(CUSTOMER_WORKFLOW_TYPE, {
        workflowId: customerWorkflowId(workspace, customerId),
        taskQueue,
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
        deliveries: () => own(deliveries),
        decisions: () => own(decisions),
        projection: () => own(projections).at(-1),
        journeySteps: () => own(journeySteps),
      };
    },
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
