/** Ops find a customer's workflow by this id in the Temporal UI (DESIGN.md, Ops). */
export function customerWorkflowId(workspace: string, customerId: string): string {
  return `customer:${workspace}:${customerId}`;
}
