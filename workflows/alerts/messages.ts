/**
 * The workspace alerts workflow's contract: its type name, workflow id, input and signal. A leaf module: the
 * API imports this file, never the workflow itself.
 */
import { defineSignal } from '@temporalio/workflow';
import type { Incident } from '../../domain/alerts/incidents';

/** The workflow type the worker registers (the exported function in workspaceAlerts.ts). */
export const WORKSPACE_ALERTS_WORKFLOW_TYPE = 'workspaceAlertsWorkflow';

/** One per workspace; named like the customer workflows (`customer:<workspace>:<id>`), so ops find it. */
export function workspaceAlertsWorkflowId(workspace: string): string {
  return `alerts:${workspace}`;
}

export interface WorkspaceAlertsInput {
  workspace: string;
  /** Carried across continue-as-new: the incidents the workflow knows (domain/alerts/incidents.ts). */
  incidents?: Incident[];
  /** Rounds before continue-as-new (default ROUNDS_PER_RUN); tests use a small value to exercise it. */
  roundsPerRun?: number;
}

/** The policy changed: evaluate the rules now, with the new one, rather than at the next round. */
export const alertsPolicyChangedSignal = defineSignal('alertsPolicyChanged');
