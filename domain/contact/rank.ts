import type { ScheduledContact } from './types';

/** What orders competing messages: priority, then who asked first, then the id so the order is total. */
export interface Ranked {
  priority: number;
  requestedAt: number;
  requestId: string;
}

/** Negative when `a` goes before `b`. */
export function compareRank(a: Ranked, b: Ranked): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.requestedAt !== b.requestedAt) return a.requestedAt - b.requestedAt;
  return a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0;
}

export function outranks(a: Ranked, b: Ranked): boolean {
  return compareRank(a, b) < 0;
}

export function rankOf(message: ScheduledContact): Ranked {
  return { priority: message.priority, requestedAt: message.requestedAt, requestId: message.requestId };
}
