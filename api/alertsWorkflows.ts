import type { Client } from '@temporalio/client';
import type { Logger } from '../platform/logger';
import type { workspaceAlertsWorkflow } from '../workflows/alerts/workspaceAlerts';
import {
  alertsPolicyChangedSignal,
  WORKSPACE_ALERTS_WORKFLOW_TYPE,
  workspaceAlertsWorkflowId,
} from '../workflows/alerts/messages';

export interface AlertsWorkflows {
  /**
   * Makes sure the workspace's alerts workflow runs, once per process and workspace (the first event this
   * process ingests for it). Does not wait, and never fails: a failure is logged and the next event tries again.
   */
  ensureRunning(workspace: string): void;
  /** The policy changed: the workflow evaluates now (started if it was not running). Never fails either. */
  policyChanged(workspace: string): void;
}

/**
 * Who starts each workspace's alerts workflow (workflows/alerts/workspaceAlerts.ts): the API, the first time a
 * process ingests an event for the workspace, and whenever its policy changes. Both use the existing run when
 * there is one (workflowIdConflictPolicy USE_EXISTING, signal-with-start). Fire and forget: an alert that
 * starts a few seconds late matters less than an event or a policy refused because Temporal was slow.
 */
export function alertsWorkflows(deps: {
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** How long one call to Temporal may take (TUTTI_API_TEMPORAL_TIMEOUT_MS). */
  timeoutMs: number;
}): AlertsWorkflows {
  const started = new Set<string>();
  const options = (workspace: string) => ({
    workflowId: workspaceAlertsWorkflowId(workspace),
    taskQueue: deps.taskQueue,
    args: [{ workspace }] as Parameters<typeof workspaceAlertsWorkflow>,
  });
  const failed = (workspace: string, what: string) => (error: unknown) => {
    started.delete(workspace);
    deps.logger.warn({ err: error, workspace }, `alerts workflow: ${what} failed`);
  };
  // Not left pending for as long as Temporal is out: the next event or policy change tries again.
  const withDeadline = <T>(call: () => Promise<T>) =>
    deps.client.withDeadline(Date.now() + deps.timeoutMs, call);
  return {
    ensureRunning(workspace) {
      if (started.has(workspace)) return;
      started.add(workspace);
      withDeadline(() =>
        deps.client.workflow.start<typeof workspaceAlertsWorkflow>(WORKSPACE_ALERTS_WORKFLOW_TYPE, {
          ...options(workspace),
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      ).catch(failed(workspace, 'start'));
    },
    policyChanged(workspace) {
      started.add(workspace);
      withDeadline(() =>
        deps.client.workflow.signalWithStart<typeof workspaceAlertsWorkflow, []>(
          WORKSPACE_ALERTS_WORKFLOW_TYPE,
          {
            ...options(workspace),
            signal: alertsPolicyChangedSignal,
            signalArgs: [],
          },
        ),
      ).catch(failed(workspace, 'signal'));
    },
  };
}
