// The workflow bundle of bench/contact-decisions: Tutti's customer workflow, unchanged, beside two trivial
// workflows that give the decision latency its baselines on the same worker and server.
// Workflow code: bundled and replayed, so no Node built-ins and no I/O here.
import { condition, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { noopUpdate, policyNoopUpdate } from './messages';

export { customerWorkflow } from '../../workflows';

/** Waits forever and answers `noop` with a constant: one workflow task per Update, nothing else. */
export async function noopWorkflow(): Promise<void> {
  setHandler(noopUpdate, () => 1);
  await condition(() => false);
}

const { currentPolicy } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** The no-op plus the local activity a decision starts with, and nothing else: isolates its cost. */
export async function policyNoopWorkflow(): Promise<void> {
  setHandler(policyNoopUpdate, async (workspace) => (await currentPolicy(workspace)).version);
  await condition(() => false);
}
