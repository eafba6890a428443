import type { Client } from '@temporalio/client';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../activities';
import { createActivities } from '../activities';
import type { DeliveryConfig } from '../platform/config';
import type { Models } from '../storage/models';
import { WORKFLOWS_PATH } from './workflowBundle';

interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Activities this worker runs at once (TUTTI_WORKER_MAX_ACTIVITIES); default: the SDK's. */
  maxConcurrentActivities?: number;
  /** Workflows kept in memory between tasks (TUTTI_WORKER_MAX_CACHED_WORKFLOWS); default: the SDK's. */
  maxCachedWorkflows?: number;
  /**
   * A prebuilt bundle (tests build one per file; `npm run dev` writes one, TUTTI_WORKFLOW_BUNDLE); otherwise the
   * worker bundles workflows/ at start.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The real activities, on MongoDB, the delivery adapters and the cluster: production, and end-to-end tests. */
export interface CustomerWorkerOptions extends WorkerSettings {
  models: Models;
  delivery: DeliveryConfig;
  /** A client of the same cluster: journeys' messages go through the customer workflow's Update with it. */
  client: Client;
  policyTtlMs?: number;
  /**
   * Activities to run instead of the real ones: tests use them to make an edge fail or hang (MongoDB that never
   * answers, a receiver that is down) while everything else stays real.
   */
  activityOverrides?: Partial<Activities>;
}

/**
 * No dependencies, so nothing real to fall back on: every activity is given. The workflow tests (test/workflow/)
 * run the real workflows this way, against stubs, with no MongoDB.
 */
export interface StubbedWorkerOptions extends WorkerSettings {
  models?: never;
  activityOverrides: Activities;
}

/** A worker that runs every Tutti workflow and activity on one task queue. Scale out by running more. */
export function createWorker(options: CustomerWorkerOptions | StubbedWorkerOptions): Promise<Worker> {
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
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    activities:
      options.models === undefined
        ? options.activityOverrides
        : {
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
