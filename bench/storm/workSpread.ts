// Which worker process did the work: read from the customers' workflow histories, as an operator would in the
// Temporal UI (each completed workflow task and each started activity names the worker that took it).
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_WORKSPACE } from '../../api/developmentKey';
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import { customerWorkflowId } from '../../workflows/customer/messages';

export interface WorkSpread {
  /** Workflow tasks completed, by worker identity (`pid@host`). */
  workflowTasks: Record<string, number>;
  /** Activity tasks started, by worker identity. */
  activityTasks: Record<string, number>;
  /** Customers whose workflow tasks were taken by more than one worker (sticky queues moved, or a restart). */
  customersOnSeveralWorkers: number;
}

export async function workSpread(temporalAddress: string, customerIds: string[]): Promise<WorkSpread> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({ connection, namespace: 'default' });
    const spread: WorkSpread = { workflowTasks: {}, activityTasks: {}, customersOnSeveralWorkers: 0 };
    await mapWithConcurrency(customerIds, 8, async (customerId) => {
      const handle = client.workflow.getHandle(customerWorkflowId(DEFAULT_WORKSPACE, customerId));
      const identities = new Set<string>();
      // Every run: a customer that continued as new has its earlier work in earlier runs.
      for await (const event of historyEvents(client, handle.workflowId)) {
        const completed = event.workflowTaskCompletedEventAttributes?.identity;
        if (completed) {
          spread.workflowTasks[completed] = (spread.workflowTasks[completed] ?? 0) + 1;
          identities.add(completed);
        }
        const started = event.activityTaskStartedEventAttributes?.identity;
        if (started) spread.activityTasks[started] = (spread.activityTasks[started] ?? 0) + 1;
      }
      if (identities.size > 1) spread.customersOnSeveralWorkers++;
    });
    return spread;
  } finally {
    await connection.close();
  }
}

async function* historyEvents(client: Client, workflowId: string) {
  const runs = client.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` });
  for await (const run of runs) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    yield* history.events ?? [];
  }
}
