// The workflow bundle of bench/contact-decisions: Tutti's customer workflow, unchanged, beside two trivial
// workflows that give the decision latency its baselines on the same worker and server.
// Workflow code: bundled and replayed, so no Node built-ins and no I/O here.
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';

export { customerWorkflow } from '../../workflows';

/** The cheapest Update there is: a synchronous handler that returns a constant. */
export const noopUpdate = defineUpdate<number, [number]>('noop');

/** Waits forever and answers `noop` with a constant: one workflow task per Update, nothing else. */
export async function noopWorkflow(): Promise<void> {
  setHandler(noopUpdate, () => 1);
  await condition(() => false);
}

/** Diagnostic: an Update that only calls the `currentPolicy` local activity, as a decision does first. */
export const policyNoopUpdate = defineUpdate<number, [string]>('policyNoop');

const { currentPolicy } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** The no-op plus the local activity a decision starts with, and nothing else: isolates its cost. */
export async function policyNoopWorkflow(): Promise<void> {
  setHandler(policyNoopUpdate, async (workspace) => (await currentPolicy(workspace)).version);
  await condition(() => false);
}
