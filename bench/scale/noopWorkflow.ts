// The baseline of bench/scale.ts: a workflow whose Update does nothing. Its round trip is what the Temporal
// server itself costs an Update at the population of the moment, beside which a customer's decision is read.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const noopUpdate = defineUpdate<number, [number]>('noop');

export async function noopWorkflow(): Promise<void> {
  setHandler(noopUpdate, (n) => n);
  await condition(() => false);
}
