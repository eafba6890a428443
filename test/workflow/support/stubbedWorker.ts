import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Activities } from '../../../activities';
import type { TeamAlert } from '../../../activities/delivery/teamAlert';
import { createScoreSentiment } from '../../../activities/scoreSentiment';
import { defaultPolicy } from '../../../domain/policy';
import type { JourneyStepRecord } from '../../../domain/journeys/journeyStepRecord';
import { createWorker } from '../../../workers/createWorker';
import { installQuietRuntime } from '../../support/quietRuntime';

/**
 * Starts a Temporal server (`start`) and a worker running the real workflows (the tests' bundle,
 * test/setup/workflowBundle.ts) with these activities; `close` stops the worker, then the server. The SDK's
 * runtime is made quiet first: the server's connection is its first use.
 */
export async function runStubbedWorker(
  start: () => Promise<TestWorkflowEnvironment>,
  taskQueue: string,
  activities: (env: TestWorkflowEnvironment) => Activities,
): Promise<{ env: TestWorkflowEnvironment; close: () => Promise<void> }> {
  installQuietRuntime();
  const env = await start();
  let worker: Worker;
  try {
    worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activityOverrides: activities(env),
    });
  } catch (error) {
    // No server left behind for a worker that never started.
    await env.teardown();
    throw error;
  }
  const running = worker.run();
  return {
    env,
    close: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/**
 * Every activity, for a worker with no MongoDB and no receivers: the given stubs, the real sentiment scorer
 * and topic tagger (pure CPU; the default policy's taxonomy), and for each of the others an activity that fails at once, without retries, naming itself — a
 * test that reaches an activity it did not expect says so instead of waiting on a retry.
 */
export function stubActivities(stubs: Partial<Activities>): Activities {
  return {
    scoreSentiment: createScoreSentiment(() => Promise.resolve(defaultPolicy)),
    projectCustomer: notStubbed('projectCustomer'),
    recordDecisions: notStubbed('recordDecisions'),
    countReports: notStubbed('countReports'),
    currentPolicy: notStubbed('currentPolicy'),
    deliverMessage: notStubbed('deliverMessage'),
    sendTeamAlert: notStubbed('sendTeamAlert'),
    requestCustomerContact: notStubbed('requestCustomerContact'),
    recordJourneyStep: notStubbed('recordJourneyStep'),
    evaluateAlerts: notStubbed('evaluateAlerts'),
    readWorkspaceEngagement: notStubbed('readWorkspaceEngagement'),
    knownIncidents: notStubbed('knownIncidents'),
    openIncident: notStubbed('openIncident'),
    closeIncident: notStubbed('closeIncident'),
    reopenIncident: notStubbed('reopenIncident'),
    ...stubs,
  };
}

/** Journeys' bookkeeping kept in memory: the steps they record for the timeline, the alerts they send the team. */
export function journeyRecorders(
  steps: JourneyStepRecord[],
  alerts: TeamAlert[],
): Pick<Activities, 'recordJourneyStep' | 'sendTeamAlert'> {
  return {
    recordJourneyStep(record) {
      steps.push(record);
      return Promise.resolve();
    },
    sendTeamAlert(alert) {
      alerts.push(alert);
      return Promise.resolve({
        alertId: alert.alertId,
        adapter: 'alerts',
        status: 'delivered',
        deliveredAt: new Date().toISOString(),
      });
    },
  };
}

function notStubbed(name: keyof Activities): () => never {
  return () => {
    throw ApplicationFailure.nonRetryable(`${name} is not stubbed in this test`, 'NotStubbed');
  };
}
