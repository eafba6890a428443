// The workflow bundle's entry point: every workflow type the worker runs.
export { customerWorkflow } from './customer/customerWorkflow';
export * from './journeys';
export { workspaceAlertsWorkflow } from './alerts/workspaceAlerts';
