import type { Category } from './types';
import { isMarketing } from './types';

/** Whose work a task is, for the order a backed-up task queue serves it in. */
export type WorkClass = 'transactional' | 'service' | 'marketing';

/**
 * Temporal priority keys (1 is served first, 5 last; a task without one counts as 3). They only reorder a
 * backlog: on an idle queue every task runs at once. When the queue is backed up — a marketing storm, workers
 * catching up after an outage — an order confirmation or a reply to a complaint should not wait behind a
 * newsletter (docs/SCALING.md, "Priority").
 */
export const TASK_PRIORITY: Readonly<Record<WorkClass, number>> = {
  transactional: 1,
  service: 2,
  marketing: 4,
};

export function workClassOf(category: Category): WorkClass {
  if (isMarketing(category)) return 'marketing';
  return category;
}

/** The priority key of a message's delivery: its category's class. */
export function deliveryTaskPriority(category: Category): number {
  return TASK_PRIORITY[workClassOf(category)];
}
