import type { ContactContext, ScheduledContact } from './contactContext';
import { compareRank, rankOf } from './rank';

/**
 * The scheduled messages whose time has come, in the order they should be decided again: highest priority
 * first, then the earliest request. Deciding one can change the others (it may take their slot), so decide
 * and apply them one at a time, picking again after each.
 */
export function pickDueMessages(ctx: ContactContext, now: number): ScheduledContact[] {
  return ctx.scheduled.filter((m) => m.scheduledFor <= now).sort((a, b) => compareRank(rankOf(a), rankOf(b)));
}
