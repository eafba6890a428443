import type { Client } from '@temporalio/client';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../activities';
import { createActivities } from '../activities';
import type { DeliveryConfig } from '../platform/config';
import type { Models } from '../storage/models';
import { WORKFLOWS_PATH } from './workflowBundle';

export interface CustomerWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  models: Models;
  delivery: DeliveryConfig;
  /** A client of the same cluster: journeys' messages go through the customer workflow's Update with it. */
  client: Client;
  policyTtlMs?: number;
  /** Activities this worker runs at once (TUTTI_WORKER_MAX_ACTIVITIES); default: the SDK's. */
  maxConcurrentActivities?: number;
  /**
   * Activities to run instead of the real ones: tests use them to make an edge fail or hang (MongoDB that never
   * answers, a receiver that is down) while everything else stays real.
   */
  activityOverrides?: Partial<Activities>;
  /**
   * A prebuilt bundle (tests build one per file; `npm run dev` writes one, TUTTI_WORKFLOW_BUNDLE); otherwise the
   * worker bundles workflows/ at start.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** A worker that runs every Tutti workflow and activity on one task queue. Scale out by running more. */
export function createWorker(options: CustomerWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    ...(options.maxConcurrentActivities !== undefined
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities }
      : {}),
    activities: {
      ...createActivities({
        models: options.models,
        delivery: options.delivery,
        temporal: options.client,
        policyTtlMs: options.policyTtlMs,
      }),
      ...options.activityOverrides,
    },
  });
}
