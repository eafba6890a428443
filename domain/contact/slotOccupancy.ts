import type { ScheduledContact } from './contactContext';

/**
 * When a scheduled message will take its slot. One whose time has passed but which has not been decided
 * again yet (its timer is being handled) will go out now at the earliest.
 */
export function occupiedAt(message: ScheduledContact, now: number): number {
  return Math.max(message.scheduledFor, now);
}
